package com.fleetlink.ingestion.teltonika;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What one frame from a device turned out to be. Failure is a case, not an exception, because the
 * stream must go on (or be closed deliberately) after a bad frame.
 */
public sealed interface DecodeResult {

    /** An AVL data packet of Codec 8, 8 Extended or 16, answered with its record count. */
    record AvlPacket(Codec codec, List<AvlRecord> records) implements DecodeResult {
        public AvlPacket {
            // The parser's own list is already read-only and shared with no one: copying it would only cost time.
            if (!(records instanceof ParsedRecords)) {
                records = List.copyOf(records);
            }
        }
    }

    /**
     * A Codec 12 message: type 0x06 is a device's response to a command, 0x05 a command. Never
     * answered with an AVL ACK.
     */
    record CommandMessage(int type, byte[] payload) implements DecodeResult {
        /** Type of a command sent to a device. */
        public static final int TYPE_COMMAND = 0x05;
        /** Type of a device's response. */
        public static final int TYPE_RESPONSE = 0x06;

        public CommandMessage {
            payload = payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }

        /** The payload as text (devices send ASCII). */
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** A frame that was refused, with the reason and a short human detail. */
    record Rejected(RejectReason reason, String detail) implements DecodeResult {
    }
}
