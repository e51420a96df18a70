package com.fleetlink.registry.eventlog;

import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.registry.core.JournalKind;
import com.fleetlink.registry.core.LifecycleEvent;
import com.fleetlink.registry.core.PackedImei;
import com.fleetlink.registry.core.RedisOperation;
import com.fleetlink.registry.core.RedisOutcome;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One line of the sidecar's event log: something that was received on the local socket, an outcome
 * Redis returned, or a step of the sidecar's own life. {@link JournalEntries} makes the lines the
 * sidecar writes; {@link EventLogReader} reads them back.
 *
 * <p>Every line is one JSON object followed by {@code \n}, UTF-8. Three fields are always there:
 * {@code ts} (ms since the epoch, the sidecar's local clock, when the line was made), {@code kind}
 * (a {@link JournalKind} word) and {@code type} (what happened, within the kind: a local-protocol
 * message's type, a {@link RedisOperation} or a {@link LifecycleEvent}). The optional fields, written
 * only when present and always in this order, are {@code imei}, {@code conn}, {@code seq}, {@code at},
 * {@code reason}, {@code outcome} (a {@link RedisOutcome}), {@code detail}, {@code count}, {@code snap},
 * {@code instance} and {@code devices}. {@code conn}, {@code seq}, {@code at} and {@code count} are
 * integers, {@code devices} an array of {@code [imei, conn]} pairs (a snapshot chunk's devices, so that
 * {@code replay} knows the held set), the others strings. Readers ignore fields they do not know, and
 * keep words they do not know as they are (see {@link #knownWords()}), so later versions may add
 * both. One example line per kind:
 *
 * <pre>
 * {"ts":1718022000123,"kind":"received","type":"register","imei":"356307042441013","conn":17,"seq":42,"at":1718022000120}
 * {"ts":1718022000125,"kind":"redis","type":"repair","imei":"356307042441014","outcome":"conflict","detail":"ingest-b"}
 * {"ts":1718021990000,"kind":"lifecycle","type":"start","instance":"ingest-a"}
 * </pre>
 *
 * <p>Instances are immutable and compare by content. An entry waits in {@link EventLog}'s queue until
 * the writer thread has written it, up to the queue's capacity of them under load, so it keeps its
 * numbers unboxed (a bit each says which are there) and an IMEI packed, the String made again only
 * when it is read.
 */
public final class EventLogEntry {
    /** Bits of {@link #present}: which of the optional numbers the line has. */
    static final int CONN = 1;
    static final int SEQ = 2;
    static final int AT = 4;
    static final int COUNT = 8;

    private final long ts;
    private final String kind;
    private final String type;
    /** The IMEI when {@link #imeiKey} cannot hold it (not an IMEI, or none). */
    private final String imei;
    private final long imeiKey;
    private final byte present;
    private final long conn;
    private final long seq;
    private final long at;
    private final String reason;
    private final String outcome;
    private final String detail;
    private final long count;
    private final String snap;
    private final String instance;
    private final List<LocalMessage.HeldDevice> devices;

    private EventLogEntry(Builder b) {
        this.ts = b.ts;
        this.kind = b.kind;
        this.type = b.type;
        this.imeiKey = b.imei == null ? PackedImei.NONE : PackedImei.pack(b.imei);
        this.imei = imeiKey == PackedImei.NONE ? b.imei : null;
        this.present = b.present;
        this.conn = b.conn;
        this.seq = b.seq;
        this.at = b.at;
        this.reason = b.reason;
        this.outcome = b.outcome;
        this.detail = b.detail;
        this.count = b.count;
        this.snap = b.snap;
        this.instance = b.instance;
        this.devices = b.devices;
    }

    /**
     * Starts an entry with the three fields every line has, as words: a line read back may carry words
     * of a later version.
     */
    static Builder builder(long ts, String kind, String type) {
        return new Builder(ts, kind, type);
    }

    /** When the line was made: ms since the epoch, the sidecar's clock. */
    public long ts() {
        return ts;
    }

    /** The {@link JournalKind} word, as written. */
    public String kind() {
        return kind;
    }

    /** What happened within the kind, e.g. {@code register}, as written. */
    public String type() {
        return type;
    }

    /**
     * Whether this version knows the line's words: its kind, and a redis line's operation and outcome
     * or a lifecycle line's step. A line of a later version reads all the same; replay shows it and
     * applies nothing of it.
     */
    public boolean knownWords() {
        return switch (JournalKind.of(kind)) {
            case RECEIVED -> true;
            case REDIS -> RedisOperation.of(type) != RedisOperation.UNKNOWN
                    && (outcome == null || RedisOutcome.of(outcome) != RedisOutcome.UNKNOWN);
            case LIFECYCLE -> LifecycleEvent.of(type) != LifecycleEvent.UNKNOWN;
            case UNKNOWN -> false;
        };
    }

    public Optional<String> imei() {
        return Optional.ofNullable(imeiOrNull());
    }

    public OptionalLong conn() {
        return optional(CONN, conn);
    }

    public OptionalLong seq() {
        return optional(SEQ, seq);
    }

    public OptionalLong at() {
        return optional(AT, at);
    }

    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** The {@link RedisOutcome} word, as written. */
    public Optional<String> outcome() {
        return Optional.ofNullable(outcome);
    }

    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }

    public OptionalLong count() {
        return optional(COUNT, count);
    }

    public Optional<String> snap() {
        return Optional.ofNullable(snap);
    }

    public Optional<String> instance() {
        return Optional.ofNullable(instance);
    }

    /** A snapshot chunk's devices; empty for other lines. */
    public List<LocalMessage.HeldDevice> devices() {
        return devices == null ? List.of() : devices;
    }

    // Package-private raw views for the JSON writer, which must not allocate an Optional per field.
    String imeiOrNull() {
        return imeiKey == PackedImei.NONE ? imei : PackedImei.unpack(imeiKey);
    }

    /** The IMEI packed ({@link PackedImei}), or {@link PackedImei#NONE} when {@link #imeiOrNull} is not an IMEI or null. */
    long imeiKey() {
        return imeiKey;
    }

    /** Whether the line has the optional number {@code field} ({@link #CONN}, {@link #SEQ}, {@link #AT}, {@link #COUNT}). */
    boolean has(int field) {
        return (present & field) != 0;
    }

    /** Valid when {@link #has has(CONN)}; likewise the three below. */
    long connValue() {
        return conn;
    }

    long seqValue() {
        return seq;
    }

    long atValue() {
        return at;
    }

    String reasonOrNull() {
        return reason;
    }

    String outcomeOrNull() {
        return outcome;
    }

    String detailOrNull() {
        return detail;
    }

    long countValue() {
        return count;
    }

    String snapOrNull() {
        return snap;
    }

    String instanceOrNull() {
        return instance;
    }

    List<LocalMessage.HeldDevice> devicesOrNull() {
        return devices;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof EventLogEntry e)) {
            return false;
        }
        return ts == e.ts && kind.equals(e.kind) && type.equals(e.type) && imeiKey == e.imeiKey
                && Objects.equals(imei, e.imei) && present == e.present && conn == e.conn && seq == e.seq && at == e.at
                && Objects.equals(reason, e.reason) && Objects.equals(outcome, e.outcome)
                && Objects.equals(detail, e.detail) && count == e.count
                && Objects.equals(snap, e.snap) && Objects.equals(instance, e.instance)
                && Objects.equals(devices, e.devices);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ts, kind, type, imeiKey, imei, present, conn, seq, at, reason, outcome, detail, count, snap,
                instance, devices);
    }

    /** The entry as its log line, without the newline. */
    @Override
    public String toString() {
        return EventLogJson.toLine(this);
    }

    private OptionalLong optional(int field, long value) {
        return has(field) ? OptionalLong.of(value) : OptionalLong.empty();
    }

    /** Collects an entry's optional fields; a null string leaves its field out of the line. */
    static final class Builder {
        private final long ts;
        private final String kind;
        private final String type;
        private String imei;
        private byte present;
        private long conn;
        private long seq;
        private long at;
        private String reason;
        private String outcome;
        private String detail;
        private long count;
        private String snap;
        private String instance;
        private List<LocalMessage.HeldDevice> devices;

        private Builder(long ts, String kind, String type) {
            this.ts = ts;
            this.kind = kind;
            this.type = type;
        }

        /** The device's IMEI as received (not validated: a bad one is worth logging as it came). */
        Builder imei(String imei) {
            this.imei = imei;
            return this;
        }

        /** The device socket's number within the ingestion's boot. */
        Builder conn(long conn) {
            this.conn = conn;
            present |= CONN;
            return this;
        }

        /** The event's sequence number within the ingestion's boot. */
        Builder seq(long seq) {
            this.seq = seq;
            present |= SEQ;
            return this;
        }

        /** When the ingestion decided the event, ms since the epoch. */
        Builder at(long at) {
            this.at = at;
            present |= AT;
            return this;
        }

        /** Why a socket closed: {@code closed}, {@code idle}, {@code error}, {@code shutdown}. */
        Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        /** What came of a Redis operation. */
        Builder outcome(String outcome) {
            this.outcome = outcome;
            return this;
        }

        /** Free text: an error's message, a hello's versions, … */
        Builder detail(String detail) {
            this.detail = detail;
            return this;
        }

        /** A number of things: devices in a snapshot chunk, entries released, a ping's n. */
        Builder count(long count) {
            this.count = count;
            present |= COUNT;
            return this;
        }

        /** A snapshot's id. */
        Builder snap(String snap) {
            this.snap = snap;
            return this;
        }

        /** An instance id: ours at start, another owner in a conflict. */
        Builder instance(String instance) {
            this.instance = instance;
            return this;
        }

        /** A snapshot chunk's devices; null leaves the field out. */
        Builder devices(List<LocalMessage.HeldDevice> devices) {
            this.devices = devices == null ? null : List.copyOf(devices);
            return this;
        }

        EventLogEntry build() {
            return new EventLogEntry(this);
        }
    }
}
