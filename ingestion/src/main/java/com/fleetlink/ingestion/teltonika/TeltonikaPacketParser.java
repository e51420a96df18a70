package com.fleetlink.ingestion.teltonika;

import com.fleetlink.ingestion.teltonika.DecodeResult.AvlPacket;
import com.fleetlink.ingestion.teltonika.DecodeResult.CommandMessage;
import com.fleetlink.ingestion.teltonika.DecodeResult.Rejected;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes one complete TCP frame: preamble, data length, data (codec id … second count) and CRC.
 *
 * <p>Checks run cheapest-first and in the order that gives the device the most useful answer:
 * framing, then CRC (a transmission error the device can repair by resending), then codec and
 * counts, then the records themselves. Every read is bounded by the frame, and every array it
 * allocates is bounded by the bytes left, so a lying count cannot make it allocate more than the
 * frame holds. It never throws on device input: every failure is a {@link Rejected}.
 */
public final class TeltonikaPacketParser {
    /** Preamble (4 zero bytes) plus the data-length field. */
    public static final int HEADER_LENGTH = 8;
    /** The CRC field: 4 bytes, of which the upper 2 are zero. */
    public static final int CRC_LENGTH = 4;
    /** Codec id, first count and second count: the least a data part can hold. */
    public static final int MIN_DATA_LENGTH = 3;

    /** Fixed part of a record before its IO block: timestamp, priority and the 15-byte GPS element. */
    private static final int RECORD_HEAD_LENGTH = 8 + 1 + 15;

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
        int crc = Crc16Ibm.compute(frame, dataStart, (int) dataLength);
        if (crcField != crc) {
            return new Rejected(RejectReason.BAD_CRC,
                    String.format("crc field %04x, computed %04x", crcField, crc));
        }
        int codecId = frame.getUnsignedByte(dataStart);
        Codec codec = Codec.of(codecId);
        if (codec == null) {
            return new Rejected(RejectReason.UNKNOWN_CODEC, String.format("codec id %02x", codecId));
        }
        int count = frame.getUnsignedByte(dataStart + 1);
        int secondCount = frame.getUnsignedByte(dataEnd - 1);
        if (count != secondCount) {
            return new Rejected(RejectReason.COUNT_MISMATCH, "counts " + count + " and " + secondCount);
        }
        // The body runs from the byte after the first count to the byte before the second count.
        ByteBuf body = frame.slice(dataStart + 2, (int) dataLength - MIN_DATA_LENGTH);
        if (codec == Codec.CODEC_12) {
            return parseCommand(body, count);
        }
        return parseRecords(codec, body, count);
    }

    private static DecodeResult parseCommand(ByteBuf body, int count) {
        if (count != 1 || body.readableBytes() < 5) {
            return new Rejected(RejectReason.MALFORMED_COMMAND, "quantity " + count + ", body " + body.readableBytes() + " bytes");
        }
        int type = body.readUnsignedByte();
        long size = body.readUnsignedInt();
        if (size != body.readableBytes()) {
            return new Rejected(RejectReason.MALFORMED_COMMAND,
                    "command size " + size + " but " + body.readableBytes() + " bytes follow");
        }
        byte[] payload = new byte[(int) size];
        body.readBytes(payload);
        return new CommandMessage(type, payload);
    }

    private static DecodeResult parseRecords(Codec codec, ByteBuf body, int count) {
        // A record is at least its head, an event id, counts and (Codec 16) a generation type.
        int minRecord = RECORD_HEAD_LENGTH + codec.idWidth() + 5 * codec.countWidth();
        if ((long) count * minRecord > body.readableBytes()) {
            return new Rejected(RejectReason.MALFORMED_RECORD,
                    count + " records cannot fit in " + body.readableBytes() + " bytes");
        }
        List<AvlRecord> records = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                records.add(readRecord(codec, body));
            }
        } catch (IndexOutOfBoundsException e) {
            return new Rejected(RejectReason.MALFORMED_RECORD, "record " + (records.size() + 1) + " of " + count + " runs past the data");
        }
        if (body.isReadable()) {
            return new Rejected(RejectReason.MALFORMED_RECORD, body.readableBytes() + " bytes left after " + count + " records");
        }
        return new AvlPacket(codec, records);
    }

    private static AvlRecord readRecord(Codec codec, ByteBuf in) {
        long timestamp = in.readLong();
        int priority = in.readUnsignedByte();
        int longitude = in.readInt();
        int latitude = in.readInt();
        int altitude = in.readShort();
        int angle = in.readUnsignedShort();
        int satellites = in.readUnsignedByte();
        int speed = in.readUnsignedShort();
        int eventId = readId(codec, in);
        int generationType = codec.hasGenerationType() ? in.readUnsignedByte() : AvlRecord.NO_GENERATION_TYPE;
        int declaredTotal = readCount(codec, in);
        int idWidth = codec.idWidth();
        // The declared total is only a sizing hint; it must not size an array beyond what the bytes can hold.
        IoElements.Builder io = IoElements.builder(Math.min(declaredTotal, in.readableBytes() / (idWidth + 1)));
        for (int width = 1; width <= 8; width <<= 1) {
            int n = readCount(codec, in);
            for (int k = 0; k < n; k++) {
                int id = readId(codec, in);
                io.add(id, width, readUnsigned(in, width));
            }
        }
        if (codec.hasVariableGroup()) {
            int n = in.readUnsignedShort();
            for (int k = 0; k < n; k++) {
                int id = in.readUnsignedShort();
                int length = in.readUnsignedShort();
                if (length > in.readableBytes()) {
                    throw new IndexOutOfBoundsException("variable IO element runs past the data");
                }
                byte[] value = new byte[length];
                in.readBytes(value);
                io.addVariable(id, value);
            }
        }
        return new AvlRecord(timestamp, priority, longitude, latitude, altitude, angle, satellites,
                speed, eventId, generationType, io.build());
    }

    private static int readId(Codec codec, ByteBuf in) {
        return codec.idWidth() == 1 ? in.readUnsignedByte() : in.readUnsignedShort();
    }

    private static int readCount(Codec codec, ByteBuf in) {
        return codec.countWidth() == 1 ? in.readUnsignedByte() : in.readUnsignedShort();
    }

    private static long readUnsigned(ByteBuf in, int width) {
        return switch (width) {
            case 1 -> in.readUnsignedByte();
            case 2 -> in.readUnsignedShort();
            case 4 -> in.readUnsignedInt();
            default -> in.readLong();
        };
    }
}
