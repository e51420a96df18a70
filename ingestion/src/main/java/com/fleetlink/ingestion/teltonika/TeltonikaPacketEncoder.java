package com.fleetlink.ingestion.teltonika;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes frames: the IMEI handshake and AVL packets the way a device does (for the simulator and the
 * tests), and Codec 12, 13 and 14 messages, which the server writes too (its commands, type 0x05).
 */
public final class TeltonikaPacketEncoder {
    private TeltonikaPacketEncoder() {
    }

    /** The handshake: a two-byte length followed by the IMEI in ASCII. */
    public static void writeImei(ByteBuf out, String imei) {
        byte[] ascii = imei.getBytes(StandardCharsets.US_ASCII);
        out.writeShort(ascii.length);
        out.writeBytes(ascii);
    }

    /**
     * One AVL packet with its preamble, length and CRC.
     *
     * @throws IllegalArgumentException when the codec cannot carry these records (an NX value in a
     *     codec without the NX group, an IO id or count too wide for the codec, more than 255 records)
     */
    public static void writeAvlPacket(ByteBuf out, Codec codec, List<AvlRecord> records) {
        if (!codec.isAvl()) {
            throw new IllegalArgumentException(codec + " does not carry AVL records");
        }
        if (records.size() > 255) {
            throw new IllegalArgumentException("at most 255 records fit in one packet, not " + records.size());
        }
        int frameStart = out.writerIndex();
        out.writeInt(0);
        int lengthAt = out.writerIndex();
        out.writeInt(0);
        int dataStart = out.writerIndex();
        out.writeByte(codec.id());
        out.writeByte(records.size());
        for (AvlRecord record : records) {
            writeRecord(out, codec, record);
        }
        out.writeByte(records.size());
        int dataLength = out.writerIndex() - dataStart;
        out.setInt(lengthAt, dataLength);
        out.writeInt(Crc16Ibm.compute(out, dataStart, dataLength));
        assert out.writerIndex() - frameStart == dataLength + 12;
    }

    /** A Codec 12 message of the given type (0x05 command, 0x06 response) carrying {@code text}. */
    public static void writeCommand(ByteBuf out, int type, String text) {
        writeCodec12(out, type, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A Codec 12 message of the given type (0x05 command, 0x06 response). */
    public static void writeCodec12(ByteBuf out, int type, byte[] payload) {
        writeMessage(out, Codec.CODEC_12, type, new byte[0], payload);
    }

    /** A Codec 13 message: the 4-byte timestamp (unsigned) precedes the payload and counts in its size. */
    public static void writeCodec13(ByteBuf out, int type, long timestamp, byte[] payload) {
        if (timestamp >>> 32 != 0) {
            throw new IllegalArgumentException("timestamp " + timestamp + " does not fit 4 bytes");
        }
        writeMessage(out, Codec.CODEC_13, type, ByteBuffer.allocate(4).putInt((int) timestamp).array(), payload);
    }

    /**
     * A Codec 14 message (0x05 command, 0x06 response, 0x11 nACK): the IMEI's digits are written as
     * hex nibbles, zero-padded to 8 bytes ({@code 352093081452251} → {@code 03 52 09 30 81 45 22 51}).
     *
     * @throws IllegalArgumentException when {@code imei} is not 1 to 16 decimal digits
     */
    public static void writeCodec14(ByteBuf out, int type, String imei, byte[] payload) {
        writeMessage(out, Codec.CODEC_14, type, imeiField(imei), payload);
    }

    private static byte[] imeiField(String imei) {
        if (imei.isEmpty() || imei.length() > 16 || !imei.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("IMEI must be 1 to 16 digits, not '" + imei + "'");
        }
        return HexFormat.of().parseHex("0".repeat(16 - imei.length()) + imei);
    }

    private static void writeMessage(ByteBuf out, Codec codec, int type, byte[] header, byte[] payload) {
        int size = header.length + payload.length;
        out.writeInt(0);
        out.writeInt(1 + 1 + 1 + 4 + size + 1);
        int dataStart = out.writerIndex();
        out.writeByte(codec.id());
        out.writeByte(1); // quantity
        out.writeByte(type);
        out.writeInt(size);
        out.writeBytes(header);
        out.writeBytes(payload);
        out.writeByte(1); // quantity again
        out.writeInt(Crc16Ibm.compute(out, dataStart, out.writerIndex() - dataStart));
    }

    private static void writeRecord(ByteBuf out, Codec codec, AvlRecord r) {
        out.writeLong(r.timestamp());
        out.writeByte(r.priority());
        out.writeInt(r.longitude());
        out.writeInt(r.latitude());
        out.writeShort(r.altitude());
        out.writeShort(r.angle());
        out.writeByte(r.satellites());
        out.writeShort(r.speed());
        writeId(out, codec, r.eventId());
        if (codec.hasGenerationType()) {
            out.writeByte(r.generationType());
        }
        IoElements io = r.io();
        if (io.variableCount() > 0 && !codec.hasVariableGroup()) {
            throw new IllegalArgumentException(codec + " has no variable-length IO group");
        }
        writeCount(out, codec, io.size());
        for (int width = 1; width <= 8; width <<= 1) {
            int n = 0;
            for (int i = 0; i < io.fixedCount(); i++) {
                n += io.width(i) == width ? 1 : 0;
            }
            writeCount(out, codec, n);
            for (int i = 0; i < io.fixedCount(); i++) {
                if (io.width(i) == width) {
                    writeId(out, codec, io.id(i));
                    writeUnsigned(out, width, io.value(i));
                }
            }
        }
        if (codec.hasVariableGroup()) {
            out.writeShort(io.variableCount());
            for (int i = 0; i < io.variableCount(); i++) {
                byte[] value = io.variableValue(i);
                out.writeShort(io.variableId(i));
                out.writeShort(value.length);
                out.writeBytes(value);
            }
        }
    }

    private static void writeId(ByteBuf out, Codec codec, int id) {
        if (id >>> (8 * codec.idWidth()) != 0) {
            throw new IllegalArgumentException("IO id " + id + " does not fit codec " + codec.label());
        }
        if (codec.idWidth() == 1) {
            out.writeByte(id);
        } else {
            out.writeShort(id);
        }
    }

    private static void writeCount(ByteBuf out, Codec codec, int count) {
        if (count >>> (8 * codec.countWidth()) != 0) {
            throw new IllegalArgumentException(count + " IO elements do not fit codec " + codec.label());
        }
        if (codec.countWidth() == 1) {
            out.writeByte(count);
        } else {
            out.writeShort(count);
        }
    }

    private static void writeUnsigned(ByteBuf out, int width, long value) {
        switch (width) {
            case 1 -> out.writeByte((int) value);
            case 2 -> out.writeShort((int) value);
            case 4 -> out.writeInt((int) value);
            default -> out.writeLong(value);
        }
    }
}
