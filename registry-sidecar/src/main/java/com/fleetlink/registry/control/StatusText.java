package com.fleetlink.registry.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders status replies as a two-column table for people: one line per subject, the facts of
 * that subject after its name. The JSON reply ({@code --json}) carries the same facts for tools.
 */
final class StatusText {
    private static final int LABEL_WIDTH = 12;

    private StatusText() {
    }

    /** The table for a whole-sidecar status reply. */
    static String sidecar(JsonNode r) {
        Table t = new Table();
        t.row("instance", r.path("instance").asText());
        t.row("health", health(r));
        t.row("uptime", duration(r.path("uptimeSeconds").asLong()));
        t.row("released", r.path("released").asBoolean() ? "yes (no repairs until flush or a new ingestion session)" : "no");
        JsonNode ingestion = r.path("ingestion");
        t.row("ingestion", !ingestion.path("attached").asBoolean() ? "not attached"
                : "attached since " + ingestion.path("attachedSince").asText() + ", boot " + ingestion.path("boot").asText()
                + ", " + ingestion.path("events").asLong() + " events, last seq " + ingestion.path("lastSeq").asLong());
        JsonNode redis = r.path("redis");
        t.row("redis", redis.path("uri").asText() + ", " + (redis.path("connected").asBoolean()
                ? "connected, round trip " + millis(redis.path("roundTripMs"))
                : "not connected, last error: " + orNone(redis.path("lastError"))));
        JsonNode hb = r.path("heartbeat");
        t.row("heartbeat", (hb.path("active").asBoolean() ? "" : "inactive, ")
                + "last success " + orNone(hb.path("lastSuccess"))
                + (hb.path("ageSeconds").isNumber() ? String.format(Locale.ROOT, " (%.1f s ago)", hb.path("ageSeconds").asDouble()) : "")
                + ", key TTL " + ttl(hb.path("ttlSeconds")) + (hb.path("stale").asBoolean() ? ", STALE" : ""));
        t.row("held", r.path("held").asLong() + " devices" + (r.path("heldComplete").asBoolean() ? "" : " (snapshot not complete yet)"));
        t.row("pending", r.path("pending").asLong() + " devices waiting to be written");
        JsonNode rc = r.path("reconcile");
        t.row("reconcile", "last run " + orNone(rc.path("lastRun")) + "; since start: repaired " + rc.path("repaired").asLong()
                + ", conflicts " + rc.path("conflicts").asLong() + ", released " + rc.path("released").asLong());
        JsonNode log = r.path("eventLog");
        t.row("event log", log.path("path").asText() + ", " + bytes(log.path("bytes").asLong()));
        return t.toString();
    }

    /** The table for a {@code status --imei} reply. */
    static String device(JsonNode r) {
        Table t = new Table();
        t.row("imei", r.path("imei").asText());
        t.row("held here", r.path("held").asBoolean()
                ? "yes, by " + r.path("instance").asText() + " on conn " + r.path("conn").asLong() + " since " + r.path("since").asText()
                : "no (" + r.path("instance").asText() + ")");
        JsonNode redis = r.path("redis");
        if (redis.has("error")) {
            t.row("redis", "unknown: " + redis.path("error").asText());
        } else if (redis.path("owner").isNull()) {
            t.row("redis", "no entry");
        } else {
            t.row("redis", "owner " + redis.path("owner").asText() + (redis.path("ownerIsThisInstance").asBoolean() ? " (this instance)" : ""));
            t.row("owner alive", redis.path("ownerHeartbeat").asBoolean() ? "yes (heartbeat key present)" : "NO (no heartbeat key: the entry is stale)");
        }
        return t.toString();
    }

    private static String health(JsonNode r) {
        if (r.path("healthy").asBoolean()) {
            return "healthy";
        }
        List<String> problems = new ArrayList<>();
        r.path("problems").forEach(p -> problems.add(p.asText()));
        return "DEGRADED: " + String.join("; ", problems);
    }

    private static String orNone(JsonNode value) {
        return value.isMissingNode() || value.isNull() || value.asText().isEmpty() ? "none" : value.asText();
    }

    private static String millis(JsonNode value) {
        return value.isNumber() ? String.format(Locale.ROOT, "%.1f ms", value.asDouble()) : "unknown";
    }

    private static String ttl(JsonNode seconds) {
        if (!seconds.isNumber()) {
            return "unknown";
        }
        long s = seconds.asLong();
        return s == -2 ? "missing" : s == -1 ? "no expiry" : s + " s";
    }

    private static String duration(long seconds) {
        long h = seconds / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        return h > 0 ? h + "h " + m + "m " + s + "s" : m > 0 ? m + "m " + s + "s" : s + "s";
    }

    private static String bytes(long n) {
        return n < 1024 ? n + " B" : n < 1024 * 1024 ? String.format(Locale.ROOT, "%.1f KiB", n / 1024.0)
                : String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    }

    /** Label, padding, value; one row per line. */
    private static final class Table {
        private final StringBuilder text = new StringBuilder();

        void row(String label, String value) {
            text.append(label).append(" ".repeat(Math.max(1, LABEL_WIDTH - label.length()))).append(value).append('\n');
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
