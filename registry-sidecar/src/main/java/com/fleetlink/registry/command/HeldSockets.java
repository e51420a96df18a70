package com.fleetlink.registry.command;

/** Which socket of the attached ingestion holds a device, as the dispatcher asks it (the core's held set answers). */
public interface HeldSockets {
    /** What {@link #connOf} answers for a device not held. */
    long NOT_HELD = -1;

    /** The {@code conn} of the socket holding {@code imei}, or {@link #NOT_HELD}. */
    long connOf(String imei);
}
