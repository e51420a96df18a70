package com.fleetlink.registry;

import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.registry.control.StatusReport;
import com.fleetlink.registry.core.Journal;
import com.fleetlink.registry.eventlog.EventLog;
import com.fleetlink.registry.eventlog.EventLogEntry;
import com.fleetlink.registry.eventlog.EventLogOptions;
import java.io.IOException;
import java.nio.file.Path;

/** Records the core's journal in the event log, and tells status where the log is. */
public final class EventLogJournal implements Journal, StatusReport.EventLogStatus, AutoCloseable {
    private final EventLog log;

    private EventLogJournal(EventLog log) {
        this.log = log;
    }

    /** Opens (creating if needed) the event log in {@code directory}. */
    public static EventLogJournal open(Path directory) throws IOException {
        return new EventLogJournal(EventLog.open(EventLogOptions.create(directory)));
    }

    @Override
    public void received(LocalMessage message) {
        log.append(EventLogEntry.received(System.currentTimeMillis(), message));
    }

    @Override
    public void outcome(String op, String imei, String outcome, String detail) {
        log.append(EventLogEntry.redis(System.currentTimeMillis(), op, imei, outcome, detail));
    }

    @Override
    public void lifecycle(String what, String detail) {
        log.append(EventLogEntry.lifecycle(System.currentTimeMillis(), what, null, detail));
    }

    @Override
    public void started(String instanceId) {
        log.append(EventLogEntry.lifecycle(System.currentTimeMillis(), "start", instanceId, null));
    }

    @Override
    public String path() {
        return log.path().toString();
    }

    @Override
    public long totalBytes() {
        return log.totalBytes();
    }

    @Override
    public void close() {
        log.close();
    }
}
