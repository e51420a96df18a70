package com.fleetlink.registry.control;

import com.fleetlink.protocol.control.DeviceStatusReply;
import com.fleetlink.protocol.control.DeviceStatusReply.RegistryEntry;
import com.fleetlink.protocol.control.StatusReply;
import com.fleetlink.protocol.control.StatusReply.Heartbeat;
import com.fleetlink.protocol.control.StatusReply.Ingestion;
import com.fleetlink.protocol.control.StatusReply.KeyTtl;
import com.fleetlink.protocol.control.StatusReply.Reconcile;
import com.fleetlink.protocol.control.StatusReply.RoundTrip;
import com.fleetlink.protocol.control.StatusReply.Session;
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
    static String sidecar(StatusReply r) {
        Table t = new Table();
        t.row("instance", r.instance());
        t.row("health", r.healthy() ? "healthy" : "DEGRADED: " + String.join("; ", r.problems()));
        t.row("uptime", duration(r.uptimeSeconds()));
        t.row("released", r.released() ? "yes (no repairs until flush or a new ingestion session)" : "no");
        t.row("ingestion", ingestion(r.ingestion()));
        StatusReply.Redis redis = r.redis();
        t.row("redis", redis.uri() + ", " + (redis.connected()
                ? "connected, round trip " + millis(redis.roundTrip())
                : "not connected, last error: " + orNone(redis.lastError())));
        Heartbeat hb = r.heartbeat();
        t.row("heartbeat", (hb.active() ? "" : "inactive, ")
                + "last success " + orNone(hb.lastSuccess())
                + (hb.ageSeconds() == null ? "" : String.format(Locale.ROOT, " (%.1f s ago)", hb.ageSeconds()))
                + ", key TTL " + ttl(hb.keyTtl()) + (hb.stale() ? ", STALE" : ""));
        t.row("held", r.held() + " devices" + (r.heldComplete() ? "" : " (snapshot not complete yet)"));
        t.row("pending", r.pending() + " devices waiting to be written");
        Reconcile rc = r.reconcile();
        t.row("reconcile", "last run " + orNone(rc.lastRun()) + "; since start: repaired " + rc.repaired()
                + ", conflicts " + rc.conflicts() + ", released " + rc.released());
        t.row("event log", r.eventLog().path() + ", " + bytes(r.eventLog().bytes()));
        if (r.janitor() != null) {
            t.row("janitor", janitor(r.janitor()));
        }
        if (r.commands() != null) {
            t.row("commands", commands(r.commands()));
        }
        return t.toString();
    }

    /** The table for a {@code status --imei} reply. */
    static String device(DeviceStatusReply r) {
        Table t = new Table();
        t.row("imei", r.imei());
        t.row("held here", r.held()
                ? "yes, by " + r.instance() + " on conn " + r.conn() + " since " + r.since()
                : "no (" + r.instance() + ")");
        DeviceStatusReply.Redis redis = r.redis();
        if (redis.error() != null) {
            t.row("redis", "unknown: " + redis.error());
        } else if (redis.entry().owner() == null) {
            t.row("redis", "no entry");
        } else {
            RegistryEntry entry = redis.entry();
            t.row("redis", "owner " + entry.owner() + (entry.ownerIsThisInstance() ? " (this instance)" : ""));
            t.row("owner alive", Boolean.TRUE.equals(entry.liveness().ownerHeartbeat())
                    ? "yes (heartbeat key present)" : "NO (no heartbeat key: the entry is stale)");
        }
        return t.toString();
    }

    private static String janitor(StatusReply.Janitor j) {
        if (!j.enabled()) {
            return "off";
        }
        String mode = j.dryRun() ? "dry run, " : "";
        StatusReply.Sweep s = j.lastSweep();
        if (s == null) {
            return mode + (j.sweeper() == null ? "no sweep yet" : "no sweep here yet; " + j.sweeper() + " sweeps");
        }
        String sweeper = j.sweeper() == null ? "" : "; sweeper " + j.sweeper();
        return mode + "last sweep " + s.at() + " (" + s.durationMs() + " ms): instances named " + s.instances() + ", dead "
                + s.deadInstances() + (s.dead().isEmpty() ? "" : " " + s.dead()) + ", deleted " + s.deleted()
                + (j.dryRun() ? ", would delete " + s.wouldDelete() : "")
                + (s.suspended() ? ", SUSPENDED" : "") + (s.note() == null ? "" : " (" + s.note() + ")")
                + "; since start: deleted " + j.deletedSinceStart() + sweeper;
    }

    private static String commands(StatusReply.Commands c) {
        if (!c.enabled()) {
            return "off";
        }
        StringBuilder counts = new StringBuilder();
        c.counts().forEach((word, n) -> {
            if (n > 0) {
                counts.append(counts.isEmpty() ? "" : ", ").append(word).append(' ').append(n);
            }
        });
        return "persistence " + (c.persistence() == null ? "unknown" : c.persistence()) + ", " + c.inFlight() + " in flight, "
                + c.backlog() + " outcomes waiting for Redis; since start: " + (counts.isEmpty() ? "none" : counts);
    }

    private static String ingestion(Ingestion ingestion) {
        if (!ingestion.attached()) {
            return "not attached";
        }
        Session s = ingestion.session();
        return "attached since " + s.attachedSince() + ", boot " + s.boot() + ", " + s.events() + " events, last seq " + s.lastSeq()
                + (s.probation() ? ", on probation (no pong since it was dropped for silence)" : "");
    }

    private static String orNone(String value) {
        return value == null || value.isEmpty() ? "none" : value;
    }

    private static String millis(RoundTrip probe) {
        return probe == null || probe.roundTripMs() == null ? "unknown" : String.format(Locale.ROOT, "%.1f ms", probe.roundTripMs());
    }

    private static String ttl(KeyTtl probe) {
        if (probe == null || probe.ttlSeconds() == null) {
            return "unknown";
        }
        long s = probe.ttlSeconds();
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
