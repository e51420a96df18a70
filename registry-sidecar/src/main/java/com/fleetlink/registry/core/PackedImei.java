package com.fleetlink.registry.core;

import com.fleetlink.protocol.local.LocalProtocol;
import java.nio.charset.StandardCharsets;

/**
 * An IMEI as a {@code long}: its 15 decimal digits read as a number. Every IMEI the local protocol
 * accepts ({@link LocalProtocol#isImei}: exactly 15 ASCII digits) packs and unpacks exactly, leading
 * zeros included, because the length is fixed; 10^15 fits a {@code long} with room to spare. The
 * held set, the writer's queues and the event log's queued lines keep IMEIs this way.
 */
public final class PackedImei {
    /** What {@link #pack} answers for a string that is not an IMEI; no IMEI packs to it. */
    public static final long NONE = -1;

    /** An IMEI's length, and so the length {@link #unpackInto} writes. */
    public static final int DIGITS = 15;

    private PackedImei() {
    }

    /** {@code imei} as a number, or {@link #NONE} when it is not 15 ASCII digits. */
    public static long pack(String imei) {
        if (!LocalProtocol.isImei(imei)) {
            return NONE;
        }
        long packed = 0;
        for (int i = 0; i < DIGITS; i++) {
            packed = packed * 10 + (imei.charAt(i) - '0');
        }
        return packed;
    }

    /** The IMEI that {@link #pack} turned into {@code packed}, zero-padded to 15 digits. */
    public static String unpack(long packed) {
        byte[] digits = new byte[DIGITS];
        unpackInto(packed, digits, 0);
        return new String(digits, StandardCharsets.US_ASCII);
    }

    /** Writes {@link #unpack}'s 15 ASCII digits into {@code to} from {@code at}, for a writer that needs no {@code String}. */
    public static void unpackInto(long packed, byte[] to, int at) {
        long rest = packed;
        for (int i = at + DIGITS - 1; i >= at; i--) {
            to[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
    }
}
