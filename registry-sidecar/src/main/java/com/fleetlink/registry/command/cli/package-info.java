/**
 * The reference client of outbound commands ({@code send}, {@code commands}, {@code cancel}): it talks
 * to Redis directly through the {@link com.fleetlink.registry.command.CommandStore}, as any business-plane
 * caller does, and exits 3 when Redis cannot be reached (design §7).
 */
package com.fleetlink.registry.command.cli;
