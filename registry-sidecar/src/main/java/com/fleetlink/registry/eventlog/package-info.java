/**
 * The sidecar's event log (design §2): every received event and every Redis outcome appended as a
 * JSON line by one writer thread that never holds up the caller, rotated by size into gzip files
 * within a bounded total size, and read back in order by {@link com.fleetlink.registry.eventlog.EventLogReader}
 * for the {@code replay} command.
 */
package com.fleetlink.registry.eventlog;
