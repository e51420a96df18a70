package com.fleetlink.registry;

import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.registry.control.StatusReport;
import com.fleetlink.registry.core.Journal;
import com.fleetlink.registry.core.LifecycleEvent;
import com.fleetlink.registry.core.RedisOperation;
import com.fleetlink.registry.core.RedisOutcome;
import com.fleetlink.registry.eventlog.EventLog;
import com.fleetlink.registry.eventlog.EventLogOptions;
import com.fleetlink.registry.eventlog.JournalEntries;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Records the core's journal in the event log, and tells status where the log is. The journal's
 * words are mapped to its vocabulary enums here until {@link Journal} takes the enums itself.
 */
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
        log.append(JournalEntries.received(System.currentTimeMillis(), message));
    }

    @Override
    public void outcome(RedisOperation op, String imei, RedisOutcome outcome, String detail) {
        log.append(JournalEntries.redis(System.currentTimeMillis(), op, imei, outcome, detail));
    }

    @Override
    public void lifecycle(LifecycleEvent what, String detail) {
        log.append(JournalEntries.lifecycle(System.currentTimeMillis(), what, detail));
    }

    @Override
    public void started(String instanceId) {
        log.append(JournalEntries.started(System.currentTimeMillis(), instanceId));
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
    public long droppedCount() {
        return log.droppedCount();
    }

    @Override
    public long writeErrorCount() {
        return log.writeErrorCount();
    }

    @Override
    public void close() {
        log.close();
    }
}
