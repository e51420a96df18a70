package com.fleetlink.ingestion.teltonika;

import com.fleetlink.ingestion.teltonika.DecodeResult.AvlPacket;
import com.fleetlink.ingestion.teltonika.DecodeResult.CommandMessage;
import com.fleetlink.ingestion.teltonika.DecodeResult.Rejected;
import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Decodes one complete TCP frame: preamble, data length, data (codec id … second count) and CRC.
 *
 * <p>Checks run cheapest-first and in the order that gives the device the most useful answer:
 * framing, then CRC (a transmission error the device can repair by resending), then codec and
 * counts, then the records themselves. Every read is bounded by the frame, and every array it
 * allocates is bounded by the bytes left, so a lying count cannot make it allocate more than the
 * frame holds. It never throws on device input: every failure is a {@link Rejected}.
 *
 * <p>After the framing checks the data part is read as a byte array: a heap buffer's own array, or
 * one bulk copy of a direct buffer's bytes into an array of the frame's own. The records come out
 * of {@link AvlRecordReader}, which says why plain array reads, over bytes that their IO elements
 * keep referring to: that copy, or for a heap buffer a copy of the packet body.
 */
public final class TeltonikaPacketParser {
    /** Preamble (4 zero bytes) plus the data-length field. */
    public static final int HEADER_LENGTH = 8;
    /** The CRC field: 4 bytes, of which the upper 2 are zero. */
    public static final int CRC_LENGTH = 4;
    /** Codec id, first count and second count: the least a data part can hold. */
    public static final int MIN_DATA_LENGTH = 3;

    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private TeltonikaPacketParser() {
    }

    /**
     * Decodes the frame between {@code frame}'s reader and writer index without moving either.
     */
    public static DecodeResult parse(ByteBuf frame) {
        int start = frame.readerIndex();
        int frameLength = frame.readableBytes();
        if (frameLength < HEADER_LENGTH + MIN_DATA_LENGTH + CRC_LENGTH) {
            return new Rejected(RejectReason.BAD_LENGTH, "frame of " + frameLength + " bytes is too short");
        }
        if (frame.getInt(start) != 0) {
            return new Rejected(RejectReason.BAD_PREAMBLE, "preamble is not zero");
        }
        long dataLength = frame.getUnsignedInt(start + 4);
        if (dataLength != frameLength - HEADER_LENGTH - CRC_LENGTH) {
            return new Rejected(RejectReason.BAD_LENGTH,
                    "data length field " + dataLength + " but frame carries " + (frameLength - HEADER_LENGTH - CRC_LENGTH));
        }
        int dataStart = start + HEADER_LENGTH;
        int dataEnd = dataStart + (int) dataLength;
        long crcField = frame.getUnsignedInt(dataEnd);
        // From here on the data part is read as a plain array: the heap buffer's own, or a copy of
        // a direct buffer's that belongs to this frame alone, so its records can keep it.
        byte[] data;
        int from;
        boolean owned = !frame.hasArray();
        if (owned) {
            data = new byte[(int) dataLength];
            from = 0;
            frame.getBytes(dataStart, data);
        } else {
            data = frame.array();
            from = frame.arrayOffset() + dataStart;
        }
        int to = from + (int) dataLength;
        int crc = Crc16Ibm.compute(data, from, (int) dataLength);
        if (crcField != crc) {
            return new Rejected(RejectReason.BAD_CRC,
                    String.format("crc field %04x, computed %04x", crcField, crc));
        }
        int codecId = data[from] & 0xFF;
        Codec codec = Codec.of(codecId);
        if (codec == null) {
            return new Rejected(RejectReason.UNKNOWN_CODEC, String.format("codec id %02x", codecId));
        }
        int count = data[from + 1] & 0xFF;
        int secondCount = data[to - 1] & 0xFF;
        if (count != secondCount) {
            return new Rejected(RejectReason.COUNT_MISMATCH, "counts " + count + " and " + secondCount);
        }
        // The body runs from the byte after the first count to the byte before the second count.
        int bodyFrom = from + 2;
        int bodyTo = to - 1;
        if (!codec.isAvl()) {
            return parseMessage(codec, data, bodyFrom, bodyTo, count);
        }
        return parseRecords(codec, data, bodyFrom, bodyTo, count, owned);
    }

    /**
     * Codecs 12, 13 and 14: type, size, then the codec's header (13: timestamp, 14: IMEI) and the
     * payload; the size counts the header too, as the wiki's examples and real devices do.
     */
    private static DecodeResult parseMessage(Codec codec, byte[] data, int from, int to, int count) {
        int bodyLength = to - from;
        if (count != 1 || bodyLength < 5) {
            return new Rejected(RejectReason.MALFORMED_COMMAND, "quantity " + count + ", body " + bodyLength + " bytes");
        }
        int type = data[from] & 0xFF;
        long size = (int) INT_BE.get(data, from + 1) & 0xFFFF_FFFFL;
        int sizeFrom = from + 5;
        if (size != to - sizeFrom) {
            return new Rejected(RejectReason.MALFORMED_COMMAND,
                    "command size " + size + " but " + (to - sizeFrom) + " bytes follow");
        }
        int header = codec.messageHeaderLength();
        if (size < header) {
            return new Rejected(RejectReason.MALFORMED_COMMAND,
                    "command size " + size + " cannot hold the " + header + "-byte " + codec.label() + " header");
        }
        int payloadFrom = sizeFrom + header;
        byte[] payload = Arrays.copyOfRange(data, payloadFrom, to);
        return switch (codec) {
            case CODEC_13 -> new CommandMessage(codec, type, (int) INT_BE.get(data, sizeFrom) & 0xFFFF_FFFFL, null, payload);
            case CODEC_14 -> imeiMessage(type, HexFormat.of().formatHex(data, sizeFrom, payloadFrom), payload);
            default -> new CommandMessage(codec, type, CommandMessage.NO_TIMESTAMP, null, payload);
        };
    }

    /** Codec 14 writes the IMEI's digits as hex nibbles, zero-padded to 16: anything but digits is not an IMEI. */
    private static DecodeResult imeiMessage(int type, String field, byte[] payload) {
        if (!field.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return new Rejected(RejectReason.MALFORMED_COMMAND, "IMEI field " + field + " is not decimal digits");
        }
        String imei = field.charAt(0) == '0' ? field.substring(1) : field;
        return new CommandMessage(Codec.CODEC_14, type, CommandMessage.NO_TIMESTAMP, imei, payload);
    }

    /** {@code owned}: {@code data} is this frame's own copy, which nobody else writes to. */
    private static DecodeResult parseRecords(Codec codec, byte[] data, int from, int to, int count, boolean owned) {
        int bodyLength = to - from;
        // A record is at least its head, an event id, counts and (Codec 16) a generation type.
        int minRecord = AvlRecordReader.RECORD_HEAD_LENGTH + codec.idWidth() + 5 * codec.countWidth();
        if ((long) count * minRecord > bodyLength) {
            return new Rejected(RejectReason.MALFORMED_RECORD,
                    count + " records cannot fit in " + bodyLength + " bytes");
        }
        // The records read their IO elements from these bytes for as long as they live (see
        // WireIoElements): a heap frame's array is a pooled buffer's, so it is copied once here.
        AvlRecordReader reader = owned
                ? new AvlRecordReader(codec, data, from, to, count)
                : new AvlRecordReader(codec, Arrays.copyOfRange(data, from, to), 0, bodyLength, count);
        AvlRecord[] records = new AvlRecord[count];
        for (int i = 0; i < count; i++) {
            AvlRecord record = reader.next();
            if (record == null) {
                return new Rejected(RejectReason.MALFORMED_RECORD, "record " + (i + 1) + " of " + count + " runs past the data");
            }
            records[i] = record;
        }
        if (reader.remaining() > 0) {
            return new Rejected(RejectReason.MALFORMED_RECORD, reader.remaining() + " bytes left after " + count + " records");
        }
        return new AvlPacket(codec, new ParsedRecords(records));
    }
}
