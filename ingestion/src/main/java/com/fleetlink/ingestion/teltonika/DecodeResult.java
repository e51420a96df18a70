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
     * A message of Codec 12, 13 or 14: type 0x05 is a command, 0x06 a device's response, 0x11 a
     * Codec 14 nACK. Never answered with an AVL ACK.
     *
     * @param codec     {@link Codec#CODEC_12}, {@link Codec#CODEC_13} or {@link Codec#CODEC_14}
     * @param type      the message type byte
     * @param timestamp Codec 13: the device's timestamp field (4 bytes, unsigned); else {@link #NO_TIMESTAMP}
     * @param imei      Codec 14: the IMEI field's digits, without the zero that pads a 15-digit IMEI; else {@code null}
     * @param payload   the bytes after the size field and the codec's header (timestamp or IMEI)
     */
    record CommandMessage(Codec codec, int type, long timestamp, String imei, byte[] payload) implements DecodeResult {
        /** Type of a command sent to a device. */
        public static final int TYPE_COMMAND = 0x05;
        /** Type of a device's response. */
        public static final int TYPE_RESPONSE = 0x06;
        /** Codec 14: the device's IMEI is not the command's; it did not execute it. */
        public static final int TYPE_NACK = 0x11;
        /** The timestamp of a message whose codec carries none. */
        public static final long NO_TIMESTAMP = -1;

        public CommandMessage {
            if (codec.isAvl()) {
                throw new IllegalArgumentException(codec + " carries records, not messages");
            }
            payload = payload.clone();
        }

        /** A Codec 12 message. */
        public CommandMessage(int type, byte[] payload) {
            this(Codec.CODEC_12, type, NO_TIMESTAMP, null, payload);
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
