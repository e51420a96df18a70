package com.fleetlink.ingestion.testkit;

import com.fleetlink.ingestion.teltonika.AvlRecord;
import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.teltonika.Crc16Ibm;
import com.fleetlink.ingestion.teltonika.IoElements;
import com.fleetlink.ingestion.teltonika.TeltonikaPacketEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Device-side bytes for the tests, written by the production encoder so tests and server agree on the format. */
public final class Packets {
    /** Offset of the codec id: after the preamble and the length field. */
    private static final int CODEC_ID_OFFSET = 8;

    private Packets() {
    }

    /** The IMEI handshake. */
    public static byte[] imei(String imei) {
        return encode(buf -> TeltonikaPacketEncoder.writeImei(buf, imei));
    }

    /** An AVL packet of {@code codec} holding {@code count} distinct records. */
    public static byte[] avl(Codec codec, int count) {
        return avl(codec, records(codec, count));
    }

    /** An AVL packet of the given records. */
    public static byte[] avl(Codec codec, List<AvlRecord> records) {
        return encode(buf -> TeltonikaPacketEncoder.writeAvlPacket(buf, codec, records));
    }

    /** A Codec 12 message (type 5 command, 6 response). */
    public static byte[] command(int type, String text) {
        return encode(buf -> TeltonikaPacketEncoder.writeCommand(buf, type, text));
    }

    /** A Codec 13 message (the device's timestamped text). */
    public static byte[] codec13(int type, long timestamp, String text) {
        return encode(buf -> TeltonikaPacketEncoder.writeCodec13(buf, type, timestamp, text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A Codec 14 message (type 5 command, 6 response, 0x11 nACK) carrying {@code imei}. */
    public static byte[] codec14(int type, String imei, String text) {
        return encode(buf -> TeltonikaPacketEncoder.writeCodec14(buf, type, imei, text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * {@code count} plausible records for {@code codec}: a fix in Vilnius, one IO element of each
     * width the codec allows, an NX value for 8 Extended and a generation type for Codec 16.
     */
    public static List<AvlRecord> records(Codec codec, int count) {
        List<AvlRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            IoElements.Builder io = IoElements.builder(4)
                    .add(239, 1, 1)          // ignition on
                    .add(66, 2, 12_345 + i)  // external voltage, mV
                    .add(241, 4, 24_602)     // operator code
                    .add(16, 8, 1_000_000L + i);
            if (codec == Codec.CODEC_8_EXTENDED) {
                io.addVariable(385, new byte[] {0x0A, 0x0B, (byte) i});
            }
            int generationType = codec == Codec.CODEC_16 ? 3 : AvlRecord.NO_GENERATION_TYPE;
            records.add(new AvlRecord(1_700_000_000_000L + i * 1_000L, 1, 252_618_832, 546_990_336,
                    148, 90 + i, 12, 40 + i, 0, generationType, io.build()));
        }
        return records;
    }

    /** The same frame with its CRC field damaged. */
    public static byte[] withBadCrc(byte[] frame) {
        byte[] copy = frame.clone();
        copy[copy.length - 1] ^= 0x5A;
        return copy;
    }

    /** The same frame with another codec id and a CRC that matches it, so only the codec is wrong. */
    public static byte[] withCodecId(byte[] frame, int codecId) {
        byte[] copy = frame.clone();
        copy[CODEC_ID_OFFSET] = (byte) codecId;
        ByteBuf buf = Unpooled.wrappedBuffer(copy);
        int dataLength = buf.getInt(4);
        buf.setInt(CODEC_ID_OFFSET + dataLength, Crc16Ibm.compute(buf, CODEC_ID_OFFSET, dataLength));
        return copy;
    }

    /** The parts one after another, as one write would carry them. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] encode(Consumer<ByteBuf> writer) {
        ByteBuf buf = Unpooled.buffer();
        writer.accept(buf);
        return ByteBufUtil.getBytes(buf);
    }
}
