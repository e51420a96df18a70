package com.fleetlink.bench.registry;

import com.fleetlink.protocol.local.LocalMessage.HeldDevice;
import com.fleetlink.protocol.local.LocalMessage.Register;
import com.fleetlink.protocol.local.LocalMessage.Snapshot;
import com.fleetlink.protocol.local.LocalMessage.Unregister;
import com.fleetlink.protocol.local.LocalProtocol;
import com.fleetlink.protocol.local.LocalProtocolCodec;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Local-protocol lines encoded ahead of time with the project's own codec, so a run measures the
 * sidecar and not the benchmark's JSON encoding. Device {@code i} has IMEI {@link #imei(long)} and
 * socket {@code conn = i + 1}.
 */
public final class EventLines {
    private EventLines() {
    }

    /** 15 digits, distinct per {@code i} below 10^13. */
    public static String imei(long i) {
        return String.format("35%013d", i);
    }

    /** {@code register} of devices {@code from … from+count-1}, numbered from {@code firstSeq}. */
    static byte[] registers(long from, int count, long firstSeq) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(count * 96);
        long now = System.currentTimeMillis();
        for (int k = 0; k < count; k++) {
            long i = from + k;
            out.writeBytes(LocalProtocolCodec.encode(new Register(imei(i), i + 1, now, firstSeq + k)));
        }
        return out.toByteArray();
    }

    /** {@code unregister} (reason {@code closed}) of the same sockets {@link #registers} opened. */
    static byte[] unregisters(long from, int count, long firstSeq) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(count * 112);
        long now = System.currentTimeMillis();
        for (int k = 0; k < count; k++) {
            long i = from + k;
            out.writeBytes(LocalProtocolCodec.encode(new Unregister(imei(i), i + 1, now, firstSeq + k, "closed")));
        }
        return out.toByteArray();
    }

    /** A complete snapshot of devices {@code from … from+count-1}, chunked by the protocol's limit. */
    static byte[] snapshot(String snapId, long from, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(count * 24 + 64);
        if (count == 0) {
            out.writeBytes(LocalProtocolCodec.encode(new Snapshot(snapId, List.of(), true)));
            return out.toByteArray();
        }
        for (int start = 0; start < count; start += LocalProtocol.SNAPSHOT_CHUNK) {
            int end = Math.min(count, start + LocalProtocol.SNAPSHOT_CHUNK);
            List<HeldDevice> chunk = new ArrayList<>(end - start);
            for (int k = start; k < end; k++) {
                chunk.add(new HeldDevice(imei(from + k), from + k + 1));
            }
            out.writeBytes(LocalProtocolCodec.encode(new Snapshot(snapId, chunk, end == count)));
        }
        return out.toByteArray();
    }
}
