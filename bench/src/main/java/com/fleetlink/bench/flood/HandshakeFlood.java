package com.fleetlink.bench.flood;

import com.fleetlink.bench.flood.ArrivingDevices.Attempt;
import com.fleetlink.bench.flood.ArrivingDevices.Outcome;
import com.fleetlink.bench.registry.BenchFlags;
import com.fleetlink.bench.registry.BenchMain;
import com.fleetlink.bench.registry.BenchSession;
import com.fleetlink.bench.registry.JarFlags;
import com.fleetlink.bench.registry.ProcFs;
import com.fleetlink.bench.registry.Stats;
import com.fleetlink.testkit.AdminEndpoint;
import com.fleetlink.testkit.IngestionProcess;
import com.fleetlink.testkit.JavaProgram;
import com.fleetlink.testkit.MetricsText;
import com.fleetlink.testkit.Poll;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 13's handshake flood against the real ingestion jar, in up to three legs, each on a fresh
 * ingestion process:
 *
 * <ol>
 *   <li>{@code baseline}: real devices arrive with no flood, for the handshake latency without one;
 *   <li>{@code flood}: one source holds {@code --flood} silent sockets, re-opening each one the server
 *       closes, with the per-address cap off, as if the flood came from many addresses or through a
 *       balancer without the PROXY protocol, so it fills the handshaking pool;
 *   <li>{@code floodAddressCap}: the same flood against the server's default per-address cap.
 * </ol>
 *
 * In the flood legs devices arrive once the flood holds its sockets. Per leg: how many devices got
 * their {@code 01} and ACK, handshake p50/p99, the flood's re-opens per second, the server's close
 * reasons and the peak of its open sockets ({@code teltonika_connections_open_peak}) against
 * {@code --max-connections + --max-handshaking}. Issue 13's bound: at least 95 % of the devices get
 * in under the flood, and the peak stays within the bound.
 */
public final class HandshakeFlood implements BenchMain.Bench {
    /** Issue 13: at least this share of the devices arriving during the flood get in. */
    static final double TARGET_ADMITTED = 0.95;
    private static final long FIRST_IMEI = 356_307_040_000_000L;
    private static final String[] REASONS = {"silent_evicted", "silent_over_address_cap", "pressure_handshake_timeout",
        "handshake_timeout", "over_handshake_limit", "over_connection_limit"};
    /** Descriptors this JVM needs besides the flood's sockets (devices, jars, the metrics client). */
    private static final int SPARE_FILES = 200;

    private final JarFlags jars;
    private final int flood;
    private final int maxHandshaking;
    private final int maxConnections;
    private final int devices;
    private final int baselineDevices;
    private final Duration interval;
    private final boolean addressCapLeg;
    private final List<String> ingestionJvm;

    private HandshakeFlood(BenchFlags flags) {
        jars = JarFlags.fromFlags(flags);
        flood = flags.integer("flood", 6_000, "silent sockets the flood holds, each re-opened when closed");
        maxHandshaking = flags.integer("max-handshaking", 5_000, "the ingestion's --max-handshaking; issue 13's flood exceeds it");
        maxConnections = flags.integer("max-connections", 50_000, "the ingestion's --max-connections");
        devices = flags.integer("devices", 24, "real devices arriving during each flood leg");
        baselineDevices = flags.integer("baseline-devices", 24, "real devices arriving without a flood first; 0 skips the leg");
        interval = flags.duration("interval", "500ms", "time between two arriving devices");
        addressCapLeg = Boolean.parseBoolean(flags.text("address-cap-leg", "true",
                "also run the flood against the server's default per-address cap on silent sockets"));
        ingestionJvm = JavaProgram.options(flags.text("ingestion-jvm", "-Xmx512m", "JVM options of the ingestion"));
        long limit = ProcFs.openFileLimit();
        if (flood + SPARE_FILES > limit) {
            throw new BenchFlags.UsageException("HandshakeFlood: the open-file limit is " + limit + " (ulimit -n), so at most "
                    + (limit - SPARE_FILES) + " flood sockets fit; pass --flood or raise the limit");
        }
    }

    public static void main(String[] args) {
        BenchMain.run("HandshakeFlood", args, Duration.ofMinutes(5), HandshakeFlood::new);
    }

    @Override
    public Map<String, Object> run(BenchSession session) throws Exception {
        BenchMain.say("HandshakeFlood: %,d silent sockets from one source against --max-handshaking %,d, --max-connections %,d; "
                + "a device every %d ms", flood, maxHandshaking, maxConnections, interval.toMillis());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("floodSockets", flood);
        out.put("maxHandshaking", maxHandshaking);
        out.put("maxConnections", maxConnections);
        out.put("openBound", maxConnections + maxHandshaking);
        out.put("intervalMs", interval.toMillis());
        out.put("targetAdmitted", TARGET_ADMITTED);
        if (baselineDevices > 0) {
            out.put("baseline", leg(session, "baseline", 0, baselineDevices, List.of()));
        }
        out.put("flood", leg(session, "flood", flood, devices, List.of()));
        if (addressCapLeg) {
            out.put("floodAddressCap", leg(session, "flood-address-cap", flood, devices,
                    List.of("--max-silent-per-address", Integer.toString(maxHandshaking / 2))));
        }
        return out;
    }

    private Map<String, Object> leg(BenchSession session, String name, int floodSockets, int count, List<String> extraArgs)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("--max-handshaking", Integer.toString(maxHandshaking),
                "--max-connections", Integer.toString(maxConnections)));
        args.addAll(extraArgs);
        Path dir = session.dir().resolve(name);
        Files.createDirectories(dir);
        IngestionProcess ingestion = session.own(IngestionProcess.builder(JavaProgram.jar(jars.ingestion(), ingestionJvm), dir)
                .name(name).telemetry(Path.of("/dev/null")).metrics().args(args).start());
        AdminEndpoint metrics = ingestion.metrics();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ingestionArgs", String.join(" ", args));
        SilentFlood attacker = null;
        try {
            if (floodSockets > 0) {
                attacker = session.own(new SilentFlood("127.0.0.1", ingestion.port()));
                attacker.start(floodSockets);
                SilentFlood held = attacker;
                Poll.until(Duration.ofSeconds(60), Duration.ofMillis(20), "the flood to have connected each of its sockets once",
                        () -> held.connected() >= floodSockets);
            }
            long floodConnectsBefore = attacker == null ? 0 : attacker.connected();
            long start = System.nanoTime();
            List<Attempt> attempts = new ArrivingDevices("127.0.0.1", ingestion.port()).arrive(count, interval, FIRST_IMEI);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (attacker != null) {
                m.put("floodOpenAtEnd", attacker.open());
                m.put("floodReopensPerSecond", Stats.round((attacker.connected() - floodConnectsBefore) / seconds, 0));
                m.put("floodFailedConnects", attacker.failedConnects());
                // The counters and the peak stay; the flood would only slow the scrape down past its timeout.
                session.release(attacker);
                attacker = null;
            }
            describe(m, attempts, scrape(metrics));
            BenchMain.say("%s: %d of %d devices got 01 + ACK (%s); handshake p50 %s ms, p99 %s ms; peak open sockets %s "
                            + "(bound %,d); flood re-opens %s/s; closes %s",
                    name, m.get("admitted"), count, m.get("outcomes"), m.get("handshakeP50Ms"), m.get("handshakeP99Ms"),
                    m.get("peakOpen"), maxConnections + maxHandshaking, m.getOrDefault("floodReopensPerSecond", 0), m.get("closes"));
        } finally {
            if (attacker != null) {
                session.release(attacker);
            }
            session.release(ingestion);
        }
        return m;
    }

    /** One scrape of {@code /metrics}, tried again while the loaded machine answers too slowly. */
    private static MetricsText scrape(AdminEndpoint metrics) {
        MetricsText[] scrape = new MetricsText[1];
        Poll.until(Duration.ofSeconds(30), Duration.ofMillis(100), "a scrape of the ingestion's /metrics", () -> {
            try {
                scrape[0] = metrics.scrape();
                return true;
            } catch (UncheckedIOException e) {
                return false;
            }
        });
        return scrape[0];
    }

    private static void describe(Map<String, Object> m, List<Attempt> attempts, MetricsText scrape) {
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            outcomes.put(o, 0);
        }
        attempts.forEach(a -> outcomes.merge(a.outcome(), 1, Integer::sum));
        long[] handshakes = attempts.stream().filter(a -> a.handshakeNanos() >= 0).mapToLong(Attempt::handshakeNanos).sorted().toArray();
        int admitted = outcomes.get(Outcome.ACKED);
        m.put("devices", attempts.size());
        m.put("admitted", admitted);
        m.put("admittedRatio", Stats.round((double) admitted / attempts.size(), 3));
        m.put("outcomes", outcomes);
        m.put("handshakeP50Ms", handshakes.length == 0 ? null : Stats.millis(Stats.percentile(handshakes, 50)));
        m.put("handshakeP99Ms", handshakes.length == 0 ? null : Stats.millis(Stats.percentile(handshakes, 99)));
        m.put("peakOpen", (long) scrape.value("teltonika_connections_open_peak"));
        Map<String, Long> closes = new LinkedHashMap<>();
        for (String reason : REASONS) {
            closes.put(reason, (long) scrape.valueOrZero("teltonika_connections_closed_total{reason=\"" + reason + "\"}"));
        }
        m.put("closes", closes);
    }
}
