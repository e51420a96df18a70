package com.fleetlink.ingestion.simulate;

import com.fleetlink.ingestion.server.ImeiPolicy;

/**
 * The IMEI of simulated device {@code n}: a fixed made-up type allocation code, the device number
 * in six digits and a Luhn check digit, so servers that check the digit accept it too.
 */
final class SimulatedImei {
    /** Six digits number the devices. */
    static final int MAX_DEVICES = 1_000_000;

    // Eight digits of type allocation code no real tracker model uses, so simulated data stands out.
    private static final String TAC = "35999900";

    private SimulatedImei() {
    }

    /** The IMEI of device {@code index} (0-based). */
    static String of(int index) {
        if (index < 0 || index >= MAX_DEVICES) {
            throw new IllegalArgumentException("device index out of range: " + index);
        }
        String body = TAC + String.format("%06d", index);
        return body + ImeiPolicy.luhnCheckDigit(body);
    }

}
