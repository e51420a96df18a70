package com.fleetlink.bench;

import com.fleetlink.ingestion.teltonika.AvlRecord;
import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.teltonika.IoElements;
import com.fleetlink.ingestion.teltonika.TeltonikaPacketEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * Frames shaped like what a tracker on the road sends: a GPS fix every few seconds with the usual
 * FMB-series IO elements (ignition, movement, GSM signal, voltages, DOP, odometers, an 8-byte
 * iButton id) and, in Codec 8 Extended, one small NX value such as a beacon id.
 */
public final class SampleFrames {
    /** 2024-01-01T00:00:00Z: a plausible device clock, in milliseconds. */
    private static final long START_MILLIS = 1_704_067_200_000L;
    /** Around Vilnius, in degrees × 10^7 as the protocol carries them. */
    private static final int LONGITUDE = 252_796_520;
    private static final int LATITUDE = 546_871_570;

    private SampleFrames() {
    }

    /** The complete frame, preamble to CRC, carrying {@code count} records. */
    public static byte[] frame(Codec codec, int count) {
        List<AvlRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(record(codec, i));
        }
        ByteBuf out = Unpooled.buffer();
        try {
            TeltonikaPacketEncoder.writeAvlPacket(out, codec, records);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    /** The {@code i}-th record of a drive: moving north-east, speed and heading changing. */
    static AvlRecord record(Codec codec, int i) {
        IoElements.Builder io = IoElements.builder(10)
                .add(239, 1, 1)                 // ignition on
                .add(240, 1, 1)                 // movement
                .add(21, 1, 4)                  // GSM signal, 0..5
                .add(69, 1, 1)                  // GNSS status: fix
                .add(66, 2, 12_850 + i)         // external voltage, mV
                .add(67, 2, 4_100)              // battery voltage, mV
                .add(181, 2, 9)                 // PDOP × 10
                .add(16, 4, 1_234_567L + 25L * i) // total odometer, m
                .add(199, 4, 25L * i)           // trip odometer, m
                .add(78, 8, 0x01A2_B3C4_D5E6_F708L); // iButton id
        if (codec == Codec.CODEC_8_EXTENDED) {
            // Only Codec 8 Extended has the NX group.
            io.addVariable(385, new byte[] {0x11, 0x01, 0x02, 0x03, 0x04, 0x05, (byte) 0xC5, 0x3A}); // beacon
        }
        return new AvlRecord(START_MILLIS + 5_000L * i, 0, LONGITUDE + 150 * i, LATITUDE + 90 * i,
                112 + i % 7, (45 + 3 * i) % 360, 12, 40 + i % 30, 0,
                AvlRecord.NO_GENERATION_TYPE, io.build());
    }
}
