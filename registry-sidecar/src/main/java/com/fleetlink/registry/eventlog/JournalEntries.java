package com.fleetlink.registry.eventlog;

import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.registry.core.JournalKind;
import com.fleetlink.registry.core.LifecycleEvent;
import com.fleetlink.registry.core.RedisOperation;
import com.fleetlink.registry.core.RedisOutcome;

/**
 * The event-log line of each thing the core journals: a received message, a Redis outcome, a step
 * of the sidecar's life, its start. Words come from the journal's vocabulary enums, so the writer
 * and {@code replay} agree on them.
 */
public final class JournalEntries {
    private JournalEntries() {
    }

    /**
     * A message received on the local socket, with the fields it carries: {@code register} →
     * imei, conn, at, seq; {@code unregister} → the same and reason; {@code snapshot} → snap, count
     * and devices (this chunk's) and detail {@code last} on the closing chunk; {@code hello} → detail
     * {@code v=… pid=… boot=…}; {@code shutdown} → at, seq; {@code pong} and {@code ping} → count
     * (their {@code n}); control requests → their word as type. A type added later is logged with its
     * type alone.
     */
    public static EventLogEntry received(long ts, LocalMessage message) {
        EventLogEntry.Builder b = EventLogEntry.builder(ts, JournalKind.RECEIVED.word(), message.type());
        if (message instanceof LocalMessage.Register m) {
            b.imei(m.imei()).conn(m.conn()).seq(m.seq()).at(m.at());
        } else if (message instanceof LocalMessage.Unregister m) {
            b.imei(m.imei()).conn(m.conn()).seq(m.seq()).at(m.at()).reason(m.reason());
        } else if (message instanceof LocalMessage.Snapshot m) {
            b.snap(m.snap()).count(m.imeis().size()).devices(m.imeis()).detail(m.last() ? "last" : null);
        } else if (message instanceof LocalMessage.Hello m) {
            b.detail("v=" + m.v() + " pid=" + m.pid() + " boot=" + m.boot());
        } else if (message instanceof LocalMessage.Shutdown m) {
            b.seq(m.seq()).at(m.at());
        } else if (message instanceof LocalMessage.Pong m) {
            b.count(m.n());
        } else if (message instanceof LocalMessage.Ping m) {
            b.count(m.n());
        } else if (message instanceof LocalMessage.Released m) {
            b.count(m.count());
        } else if (message instanceof LocalMessage.Welcome m) {
            b.instance(m.instance()).detail("v=" + m.v());
        }
        return b.build();
    }

    /**
     * What Redis made of one operation.
     *
     * @param imei   the device, or {@code null} for operations on many or none (heartbeat)
     * @param detail a count, the other owner of a conflict, or an error's message; {@code null} leaves it out
     */
    public static EventLogEntry redis(long ts, RedisOperation op, String imei, RedisOutcome outcome, String detail) {
        return EventLogEntry.builder(ts, JournalKind.REDIS.word(), op.word()).imei(imei).outcome(outcome.word())
                .detail(detail).build();
    }

    /**
     * A step of the sidecar's own life.
     *
     * @param detail free text, or {@code null}
     */
    public static EventLogEntry lifecycle(long ts, LifecycleEvent step, String detail) {
        return EventLogEntry.builder(ts, JournalKind.LIFECYCLE.word(), step.word()).detail(detail).build();
    }

    /** The sidecar started as {@code instanceId}: the first line of each life, so replay knows whose entries it sees. */
    public static EventLogEntry started(long ts, String instanceId) {
        return EventLogEntry.builder(ts, JournalKind.LIFECYCLE.word(), LifecycleEvent.START.word()).instance(instanceId).build();
    }
}
