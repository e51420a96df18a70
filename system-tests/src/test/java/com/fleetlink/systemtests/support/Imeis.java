package com.fleetlink.systemtests.support;

import com.fleetlink.ingestion.server.ImeiPolicy;
import java.util.ArrayList;
import java.util.List;

/** Valid IMEIs (15 digits, Luhn check digit) that differ per test, so tests never collide in Redis. */
public final class Imeis {
    /** A real FMB-family type allocation code. */
    private static final String TAC = "35630704";

    private Imeis() {
    }

    /** The {@code n}-th IMEI, {@code 0 <= n < 1_000_000}. */
    public static String nth(int n) {
        if (n < 0 || n >= 1_000_000) {
            throw new IllegalArgumentException("serial out of range: " + n);
        }
        String body = TAC + String.format("%06d", n);
        return body + ImeiPolicy.luhnCheckDigit(body);
    }

    /** {@code count} consecutive IMEIs starting at the {@code first}-th. */
    public static List<String> range(int first, int count) {
        List<String> imeis = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            imeis.add(nth(first + i));
        }
        return imeis;
    }
}
