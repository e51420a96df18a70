/**
 * Operators' control of the running sidecar over its socket: the daemon's side (status, the
 * per-device status, flush) and the commands that ask it ({@code status}, {@code flush},
 * {@code release}) through one {@link com.fleetlink.registry.control.ControlClient}. Both sides build
 * and read the reply records of {@link com.fleetlink.protocol.control}.
 */
package com.fleetlink.registry.control;
