package com.fleetlink.registry.eventlog;

import com.fleetlink.protocol.local.LocalMessage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One line of the sidecar's event log: something that was received on the local socket, an outcome
 * Redis returned, a change of the ingestion session, or a step of the sidecar's own life.
 *
 * <p>Every line is one JSON object followed by {@code \n}, UTF-8. Three fields are always there:
 * {@code ts} (ms since the epoch, the sidecar's local clock, when the line was made), {@code kind}
 * (one of the {@code KIND_} words) and {@code type} (what happened, within the kind). The optional
 * fields, written only when present and always in this order, are {@code imei}, {@code conn},
 * {@code seq}, {@code at}, {@code reason}, {@code outcome}, {@code detail}, {@code count},
 * {@code snap}, {@code instance} and {@code devices}. {@code conn}, {@code seq}, {@code at} and
 * {@code count} are integers, {@code devices} an array of {@code [imei, conn]} pairs (a snapshot
 * chunk's devices, so that {@code replay} knows the held set), the others strings. Readers ignore fields they do not know, so later versions may add
 * some. One example line per kind:
 *
 * <pre>
 * {"ts":1718022000123,"kind":"received","type":"register","imei":"356307042441013","conn":17,"seq":42,"at":1718022000120}
 * {"ts":1718022000125,"kind":"redis","type":"register","imei":"356307042441013","outcome":"fresh"}
 * {"ts":1718022000130,"kind":"redis","type":"repair","imei":"356307042441014","outcome":"conflict","instance":"ingest-b"}
 * {"ts":1718022000200,"kind":"session","type":"attached","detail":"v=1 pid=812 boot=4f2a9c"}
 * {"ts":1718021990000,"kind":"lifecycle","type":"start","instance":"ingest-a"}
 * </pre>
 *
 * <p>{@code received} lines carry the local-protocol message's {@code type} and its fields (see
 * {@link #received(long, LocalMessage)}); {@code redis} lines carry the operation in {@code type}
 * ({@code register}, {@code repair}, {@code unregister}, {@code heartbeat}, …) and what came of it in
 * {@code outcome} ({@code fresh}, {@code restored}, {@code present}, {@code conflict},
 * {@code deleted}, {@code stale}, {@code failed}, {@code timeout}, …), with the owner of a conflict
 * in {@code instance} and an error's message in {@code detail}.
 *
 * <p>Instances are immutable and compare by content.
 */
public final class EventLogEntry {
    /** Something arrived on the local socket. */
    public static final String KIND_RECEIVED = "received";
    /** Redis answered a write (or did not: {@code failed}, {@code timeout}). */
    public static final String KIND_REDIS = "redis";
    /** The ingestion session changed: attached, detached, a seq gap, a resync. */
    public static final String KIND_SESSION = "session";
    /** The sidecar itself: start, stop, release, grace period over. */
    public static final String KIND_LIFECYCLE = "lifecycle";

    private final long ts;
    private final String kind;
    private final String type;
    private final String imei;
    private final Long conn;
    private final Long seq;
    private final Long at;
    private final String reason;
    private final String outcome;
    private final String detail;
    private final Long count;
    private final String snap;
    private final String instance;
    private final List<LocalMessage.HeldDevice> devices;

    private EventLogEntry(Builder b) {
        this.ts = b.ts;
        this.kind = b.kind;
        this.type = b.type;
        this.imei = b.imei;
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
     * Starts an entry with the three fields every line has.
     *
     * @param kind a short word, usually one of the {@code KIND_} constants; not blank
     * @param type what happened within the kind; not blank
     * @throws IllegalArgumentException if {@code kind} or {@code type} is null or blank
     */
    public static Builder builder(long ts, String kind, String type) {
        return new Builder(ts, requireWord("kind", kind), requireWord("type", type));
    }

    /**
     * A message received on the local socket, with the fields it carries: {@code register} →
     * imei, conn, at, seq; {@code unregister} → the same and reason; {@code snapshot} → snap, count
     * and devices (this chunk's) and detail {@code last} on the closing chunk; {@code hello} → detail
     * {@code v=… pid=… boot=…}; {@code shutdown} → at, seq; {@code pong} → count (its {@code n});
     * control requests → their word as type. A type added later is logged with its type alone.
     */
    public static EventLogEntry received(long ts, LocalMessage message) {
        Builder b = builder(ts, KIND_RECEIVED, message.type());
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
     * @param op the operation: {@code register}, {@code repair}, {@code unregister}, {@code heartbeat}, …
     * @param imei the device, or null for operations on no device (heartbeat)
     * @param outcome {@code fresh}, {@code restored}, {@code deleted}, {@code stale}, {@code failed}, …
     */
    public static EventLogEntry redis(long ts, String op, String imei, String outcome) {
        return builder(ts, KIND_REDIS, op).imei(imei).outcome(outcome).build();
    }

    /** Like {@link #redis(long, String, String, String)} with a {@code detail}, e.g. an error's message. */
    public static EventLogEntry redis(long ts, String op, String imei, String outcome, String detail) {
        return builder(ts, KIND_REDIS, op).imei(imei).outcome(outcome).detail(detail).build();
    }

    /** A repair (or registration) that found the field naming another, living instance {@code owner}. */
    public static EventLogEntry redisConflict(long ts, String op, String imei, String owner) {
        return builder(ts, KIND_REDIS, op).imei(imei).outcome("conflict").instance(owner).build();
    }

    /**
     * A change of the ingestion session.
     *
     * @param type e.g. {@code attached}, {@code detached}, {@code gap}, {@code resync}
     * @param detail free text, or null
     */
    public static EventLogEntry session(long ts, String type, String detail) {
        return builder(ts, KIND_SESSION, type).detail(detail).build();
    }

    /**
     * A step of the sidecar's own life.
     *
     * @param type e.g. {@code start}, {@code stop}, {@code release}, {@code grace-expired}
     * @param instance this sidecar's instance id, or null
     * @param detail free text, or null
     */
    public static EventLogEntry lifecycle(long ts, String type, String instance, String detail) {
        return builder(ts, KIND_LIFECYCLE, type).instance(instance).detail(detail).build();
    }

    /** A builder holding this entry's fields, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(ts, kind, type);
        b.imei = imei;
        b.conn = conn;
        b.seq = seq;
        b.at = at;
        b.reason = reason;
        b.outcome = outcome;
        b.detail = detail;
        b.count = count;
        b.snap = snap;
        b.instance = instance;
        b.devices = devices;
        return b;
    }

    /** When the line was made: ms since the epoch, the sidecar's clock. */
    public long ts() {
        return ts;
    }

    /** The kind of event, e.g. {@link #KIND_RECEIVED}. */
    public String kind() {
        return kind;
    }

    /** What happened within the kind, e.g. {@code register}. */
    public String type() {
        return type;
    }

    public Optional<String> imei() {
        return Optional.ofNullable(imei);
    }

    public OptionalLong conn() {
        return optional(conn);
    }

    public OptionalLong seq() {
        return optional(seq);
    }

    public OptionalLong at() {
        return optional(at);
    }

    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    public Optional<String> outcome() {
        return Optional.ofNullable(outcome);
    }

    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }

    public OptionalLong count() {
        return optional(count);
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
        return imei;
    }

    Long connOrNull() {
        return conn;
    }

    Long seqOrNull() {
        return seq;
    }

    Long atOrNull() {
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

    Long countOrNull() {
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
        return ts == e.ts && kind.equals(e.kind) && type.equals(e.type) && Objects.equals(imei, e.imei)
                && Objects.equals(conn, e.conn) && Objects.equals(seq, e.seq) && Objects.equals(at, e.at)
                && Objects.equals(reason, e.reason) && Objects.equals(outcome, e.outcome)
                && Objects.equals(detail, e.detail) && Objects.equals(count, e.count)
                && Objects.equals(snap, e.snap) && Objects.equals(instance, e.instance)
                && Objects.equals(devices, e.devices);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ts, kind, type, imei, conn, seq, at, reason, outcome, detail, count, snap, instance, devices);
    }

    /** The entry as its log line, without the newline. */
    @Override
    public String toString() {
        return EventLogJson.toLine(this);
    }

    private static OptionalLong optional(Long value) {
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    private static String requireWord(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    /** Collects an entry's optional fields; a null string leaves its field out of the line. */
    public static final class Builder {
        private final long ts;
        private final String kind;
        private final String type;
        private String imei;
        private Long conn;
        private Long seq;
        private Long at;
        private String reason;
        private String outcome;
        private String detail;
        private Long count;
        private String snap;
        private String instance;
        private List<LocalMessage.HeldDevice> devices;

        private Builder(long ts, String kind, String type) {
            this.ts = ts;
            this.kind = kind;
            this.type = type;
        }

        /** The device's IMEI as received (not validated: a bad one is worth logging as it came). */
        public Builder imei(String imei) {
            this.imei = imei;
            return this;
        }

        /** The device socket's number within the ingestion's boot. */
        public Builder conn(long conn) {
            this.conn = conn;
            return this;
        }

        /** The event's sequence number within the ingestion's boot. */
        public Builder seq(long seq) {
            this.seq = seq;
            return this;
        }

        /** When the ingestion decided the event, ms since the epoch. */
        public Builder at(long at) {
            this.at = at;
            return this;
        }

        /** Why a socket closed: {@code closed}, {@code idle}, {@code error}, {@code shutdown}. */
        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        /** What came of a Redis operation. */
        public Builder outcome(String outcome) {
            this.outcome = outcome;
            return this;
        }

        /** Free text: an error's message, a hello's versions, … */
        public Builder detail(String detail) {
            this.detail = detail;
            return this;
        }

        /** A number of things: devices in a snapshot chunk, entries released, a ping's n. */
        public Builder count(long count) {
            this.count = count;
            return this;
        }

        /** A snapshot's id. */
        public Builder snap(String snap) {
            this.snap = snap;
            return this;
        }

        /** An instance id: ours at start, another owner in a conflict. */
        public Builder instance(String instance) {
            this.instance = instance;
            return this;
        }

        /** A snapshot chunk's devices; null leaves the field out. */
        public Builder devices(List<LocalMessage.HeldDevice> devices) {
            this.devices = devices == null ? null : List.copyOf(devices);
            return this;
        }

        public EventLogEntry build() {
            return new EventLogEntry(this);
        }
    }
}
