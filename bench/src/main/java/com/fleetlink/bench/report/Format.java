package com.fleetlink.bench.report;

import java.util.Locale;

/** How numbers look in the report: thousands separated by commas, a few significant digits. */
final class Format {
    private Format() {
    }

    /** {@code 1234567.8} → {@code 1,234,568}. */
    static String count(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    /** {@code 12345678} → {@code 12.35 M}. */
    static String millions(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f M", value / 1e6);
    }

    /** A ratio with three significant digits at most: {@code 0.921}, {@code 1.05}, {@code 12.3}. */
    static String ratio(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "n/a";
        }
        double abs = Math.abs(value);
        String pattern = abs >= 100 ? "%.0f" : abs >= 10 ? "%.1f" : abs >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, value);
    }

    /** {@code 0.123} → {@code 12.3 %}. */
    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
    }

    /** Microseconds with one decimal. */
    static String micros(double us) {
        return String.format(Locale.ROOT, "%.1f µs", us);
    }

    /** Milliseconds with two decimals. */
    static String millis(double ms) {
        return String.format(Locale.ROOT, "%.2f ms", ms);
    }

    /** Seconds with three decimals. */
    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f s", s);
    }

    /** {@code /proc/meminfo}'s {@code 24683620 kB} → {@code 23.5 GiB}; anything else as it is. */
    static String memory(String meminfo) {
        String[] parts = meminfo.trim().split("\\s+");
        if (parts.length == 2 && parts[1].equals("kB") && parts[0].matches("\\d+")) {
            return String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(parts[0]) / (1024.0 * 1024));
        }
        return meminfo;
    }

    /** Bytes as MiB with one decimal. */
    static String mebibytes(double bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024 * 1024));
    }
}
