/**
 * Outbound commands on the Redis side (design §9): the contract of keys, scripts and the event
 * stream under {@code fleetlink:} ({@code docs/commands.md}), the {@link com.fleetlink.registry.command.CommandStore}
 * port a dispatcher in the sidecar core drives (claim, mark sent, complete, requeue, sweep, drain
 * the outbox, wake-ups), its Lettuce implementation, and the reference client's {@code send},
 * {@code commands} and {@code cancel}.
 */
package com.fleetlink.registry.command;
