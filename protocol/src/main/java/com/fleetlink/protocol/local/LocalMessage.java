package com.fleetlink.protocol.local;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

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
     * sidecar → ingestion (design §9): write {@code payload} to the device socket {@code conn}, sent only
     * to an ingestion whose {@link Hello} lists {@link LocalProtocol#CAP_COMMANDS}. The payload travels
     * as hex, so any bytes survive the trip.
     *
     * @param attempt  the claim's attempt number, carried back by every outcome
     * @param codec    {@code 12} or {@code 14}
     * @param payload  at most {@link LocalProtocol#MAX_COMMAND_BYTES}
     * @param timeout  how long the device has to answer once the command is written, in ms
     * @param reply    {@code false} for a no-reply command: done once written
     * @param deadline epoch ms on the pod's host clock from which on the command must not be written (its
     *                 expiry, brought to the host clock and moved earlier by the clock's uncertainty), or
     *                 {@link #NO_DEADLINE}; optional on the wire, so an old ingestion ignores it and an old
     *                 sidecar sends none
     */
    record Command(String id, String imei, long conn, int attempt, int codec, byte[] payload, long timeout,
                   boolean reply, long deadline) implements LocalMessage {
        /** The {@code deadline} of a command that may be written at any time (the field absent or 0). */
        public static final long NO_DEADLINE = 0;

        public Command {
            payload = payload.clone();
        }

        /** A copy: the message stays immutable. */
        @Override
        public byte[] payload() {
            return payload.clone();
        }

        public String type() {
            return "command";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Command c && id.equals(c.id) && imei.equals(c.imei) && conn == c.conn
                    && attempt == c.attempt && codec == c.codec && Arrays.equals(payload, c.payload)
                    && timeout == c.timeout && reply == c.reply && deadline == c.deadline;
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, imei, conn, attempt, codec, Arrays.hashCode(payload), timeout, reply, deadline);
        }

        @Override
        public String toString() {
            return "Command[id=" + id + ", imei=" + imei + ", conn=" + conn + ", attempt=" + attempt + ", codec=" + codec
                    + ", payload=" + HexFormat.of().formatHex(payload) + ", timeout=" + timeout + ", reply=" + reply
                    + ", deadline=" + deadline + "]";
        }
    }

    /** ingestion → sidecar: the command was written to the device at {@code at} ms. */
    record CommandSent(String id, String imei, long conn, int attempt, long at) implements LocalMessage {
        public String type() {
            return "command_sent";
        }
    }

    /**
     * ingestion → sidecar: the device answered the command with {@code response}; {@code late} when the
     * answer came after the response timeout, inside the late window. The wire carries the bytes as hex
     * and, for people reading the stream, as UTF-8 text; only the hex is read back.
     */
    record CommandResult(String id, String imei, long conn, int attempt, byte[] response, boolean late, long at)
            implements LocalMessage {
        public CommandResult {
            response = response.clone();
        }

        /** A copy: the message stays immutable. */
        @Override
        public byte[] response() {
            return response.clone();
        }

        /** The response decoded as UTF-8, malformed bytes replaced. */
        public String text() {
            return new String(response, StandardCharsets.UTF_8);
        }

        public String type() {
            return "command_result";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CommandResult r && id.equals(r.id) && imei.equals(r.imei) && conn == r.conn
                    && attempt == r.attempt && Arrays.equals(response, r.response) && late == r.late && at == r.at;
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, imei, conn, attempt, Arrays.hashCode(response), late, at);
        }

        @Override
        public String toString() {
            return "CommandResult[id=" + id + ", imei=" + imei + ", conn=" + conn + ", attempt=" + attempt
                    + ", response=" + HexFormat.of().formatHex(response) + ", late=" + late + ", at=" + at + "]";
        }
    }

    /**
     * ingestion → sidecar: the command failed for {@code reason} (a wire word such as {@code timeout};
     * a word from a newer peer is kept as it is); {@code written} says whether the device may have received it.
     */
    record CommandFailed(String id, String imei, long conn, int attempt, String reason, boolean written, long at)
            implements LocalMessage {
        public String type() {
            return "command_failed";
        }
    }

    /** ingestion → sidecar: socket {@code conn}'s command slot is free again after a late window. */
    record CommandReady(String imei, long conn) implements LocalMessage {
        public String type() {
            return "command_ready";
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
