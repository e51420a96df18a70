package com.fleetlink.ingestion.server;

/**
 * Decides whether fifteen handshake bytes are an IMEI this server accepts: always fifteen decimal
 * digits; the Luhn check digit only when asked, because test fleets use made-up IMEIs.
 */
public record ImeiPolicy(boolean checkLuhn) {

    /** Digits only, any check digit. */
    public static final ImeiPolicy DIGITS_ONLY = new ImeiPolicy(false);

    /** Why {@code imei} is refused, or {@code null} when it is accepted. */
    public String rejection(CharSequence imei) {
        if (imei.length() != 15) {
            return "IMEI must have 15 digits, not " + imei.length() + " characters";
        }
        for (int i = 0; i < 15; i++) {
            char c = imei.charAt(i);
            if (c < '0' || c > '9') {
                return "IMEI has a non-digit at position " + (i + 1);
            }
        }
        if (checkLuhn && !luhnValid(imei)) {
            return "IMEI check digit is wrong";
        }
        return null;
    }

    static boolean luhnValid(CharSequence digits) {
        int last = digits.length() - 1;
        return luhnCheckDigit(digits.subSequence(0, last)) == digits.charAt(last);
    }

    /** The Luhn check digit that makes {@code body} followed by it a valid number (an IMEI's 15th digit). */
    public static char luhnCheckDigit(CharSequence body) {
        int sum = 0;
        // Doubling starts with the rightmost body digit because the check digit will follow it.
        for (int i = 0; i < body.length(); i++) {
            int d = body.charAt(body.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return (char) ('0' + (10 - sum % 10) % 10);
    }
}
