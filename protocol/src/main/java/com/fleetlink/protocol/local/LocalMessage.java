package com.fleetlink.protocol.local;

import java.util.List;

/**
 * Every message of the local protocol. The record names follow the wire's {@code type} words; see
 * design §3 for what each one means.
 */
public sealed interface LocalMessage {

    /** The wire's {@code type} word. */
    String type();

    /**
     * One held device in a snapshot: the IMEI, the socket that holds it and, for a sidecar whose
     * {@link Welcome} lists {@link LocalProtocol#CAP_SNAPSHOT_AT}, when its handshake was decided.
     *
     * @param at the handshake's decision time in the ingestion's epoch ms, the same value the
     *           device's {@link Register} carried; {@link #NO_AT} when the entry does not carry it
     */
    record HeldDevice(String imei, long conn, long at) {
        /** The entry carries no decision time: the sidecar treats it as a repair. */
        public static final long NO_AT = -1;

        public HeldDevice {
            if (at < NO_AT) {
                throw new IllegalArgumentException("at must be a time in ms or NO_AT, not " + at);
            }
        }

        /** An entry without a decision time. */
        public HeldDevice(String imei, long conn) {
            this(imei, conn, NO_AT);
        }
    }

    /**
     * ingestion → sidecar, first line of a connection. {@code boot} is random per ingestion start;
     * {@code caps} lists what this ingestion can do beyond the base protocol (never null).
     */
    record Hello(int v, long pid, String boot, List<String> caps) implements LocalMessage {
        public Hello {
            caps = copyOf(caps);
        }

        /** A {@code hello} that lists no capabilities. */
        public Hello(int v, long pid, String boot) {
            this(v, pid, boot, List.of());
        }

        public String type() {
            return "hello";
        }
    }

    /** ingestion → sidecar: one chunk of the complete held set; the chunk with {@code last} completes it. */
    record Snapshot(String snap, List<HeldDevice> imeis, boolean last) implements LocalMessage {
        public Snapshot {
            imeis = List.copyOf(imeis);
        }

        public String type() {
            return "snapshot";
        }
    }

    /** ingestion → sidecar: a handshake succeeded on socket {@code conn} at {@code at} ms. */
    record Register(String imei, long conn, long at, long seq) implements LocalMessage {
        public String type() {
            return "register";
        }
    }

    /** ingestion → sidecar: socket {@code conn} of the device closed. */
    record Unregister(String imei, long conn, long at, long seq, String reason) implements LocalMessage {
        public String type() {
            return "unregister";
        }
    }

    /** ingestion → sidecar: answer to {@link Ping}, sent from the event loops. */
    record Pong(long n) implements LocalMessage {
        public String type() {
            return "pong";
        }
    }

    /** ingestion → sidecar: graceful stop; release everything, then answer {@link Released}. */
    record Shutdown(long at, long seq) implements LocalMessage {
        public String type() {
            return "shutdown";
        }
    }

    /**
     * sidecar → ingestion: accepts the session. {@code caps} lists what this sidecar can take beyond
     * the base protocol, e.g. {@link LocalProtocol#CAP_SNAPSHOT_AT} (never null).
     */
    record Welcome(int v, String instance, List<String> caps) implements LocalMessage {
        public Welcome {
            caps = copyOf(caps);
        }

        /** A {@code welcome} that lists no capabilities. */
        public Welcome(int v, String instance) {
            this(v, instance, List.of());
        }

        public String type() {
            return "welcome";
        }
    }

    /** sidecar → ingestion: are your event loops alive? */
    record Ping(long n) implements LocalMessage {
        public String type() {
            return "ping";
        }
    }

    /** sidecar → ingestion: a {@code seq} gap was seen; send a fresh snapshot. */
    record Resync() implements LocalMessage {
        public String type() {
            return "resync";
        }
    }

    /** sidecar → ingestion: the entries are released after {@link Shutdown}. */
    record Released(int count) implements LocalMessage {
        public String type() {
            return "released";
        }
    }

    /**
     * control client → sidecar: one request line instead of {@code hello}.
     *
     * @param imei for {@code status}: ask about this one device instead of the whole sidecar; {@code null}
     *             otherwise. Optional on the wire, so a sidecar that predates it answers the plain request.
     */
    record ControlRequest(ControlCommand command, String imei) implements LocalMessage {
        /** A request about the whole sidecar. */
        public ControlRequest(ControlCommand command) {
            this(command, null);
        }

        public String type() {
            return command.word();
        }
    }

    /** The requests a control client may send. */
    enum ControlCommand {
        /** Report what the sidecar believes. */
        STATUS("status"),
        /** Push all pending work to Redis now: heartbeat and a full reconcile. */
        FLUSH("flush"),
        /** Unregister everything this instance holds and stop re-asserting. */
        RELEASE("release");

        private final String word;

        ControlCommand(String word) {
            this.word = word;
        }

        /** The wire's {@code type} word. */
        public String word() {
            return word;
        }
    }

    /** An unmodifiable copy of {@code caps}; {@code null} stands for none. */
    private static List<String> copyOf(List<String> caps) {
        return caps == null ? List.of() : List.copyOf(caps);
    }
}
