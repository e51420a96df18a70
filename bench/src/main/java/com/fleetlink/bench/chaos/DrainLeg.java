package com.fleetlink.bench.chaos;

import com.fleetlink.bench.registry.BenchSession;
import com.fleetlink.bench.registry.RespClient;
import com.fleetlink.bench.registry.Stats;
import com.fleetlink.testkit.Pod;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One leg of {@link DrainRun}: a fresh Redis, the instance to drain and the survivor, the fleet on
 * the first; SIGTERM to the first's ingestion with one {@code --drain-duration}, then to its sidecar
 * once the ingestion has exited (Kubernetes' order). Measured from the devices' side (the
 * {@link GroundTruth}) and from Redis.
 */
final class DrainLeg {
    static final String DRAINED = "drain-a";
    static final String SURVIVOR = "drain-b";
    private static final String REGISTRY = "connections:registry";
    /**
     * The drained ingestion's budget beyond its drain: the drain timeout for the last sockets' ACKs,
     * the registry's shutdown timeout, the drain timeout again for the final stop (the defaults, 5 s each).
     */
    private static final Duration EXIT_BEYOND_DRAIN = Duration.ofSeconds(15);
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration CONVERGE_TIMEOUT = Duration.ofSeconds(60);
    /** How long the registry may take to catch up with a device that reconnected just before the end. */
    private static final Duration END_CATCH_UP = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(50);
    /**
     * Sessions end 2 s to 2 h after their handshake: a few devices of the fleet reconnect during a leg
     * (to the survivor), so the registry can lag the fleet by one handshake at any instant.
     */
    private static final int SESSION_MS = 3_600_000;
    /** A device sends a packet every 15 to 30 s: the fleet's one thread must keep up with every close and reconnect. */
    private static final int SEND_GAP_MS = 15_000;
    /** Fields naming ARGV[1], counted in Redis: the poller must not parse the whole hash every time. */
    private static final String COUNT_NAMING = "local n = 0 for _, v in ipairs(redis.call('HVALS', KEYS[1])) do "
            + "if v == ARGV[1] then n = n + 1 end end return n";

    private final PodLauncher launcher;
    /** Every device of the fleet, the survivor's included. */
    private final int fleetSize;
    private final int survivorDevices;
    private final long seed;
    private final int connectSpreadMs;

    /**
     * @param devices         the fleet's devices on the instance drained
     * @param survivorDevices more devices, on the survivor from the start: it serves a fleet already,
     *                        as in a real rollout, rather than meeting the drain with a cold JVM
     */
    DrainLeg(PodLauncher launcher, int devices, int survivorDevices, long seed, int connectSpreadMs) {
        this.launcher = launcher;
        this.fleetSize = devices + survivorDevices;
        this.survivorDevices = survivorDevices;
        this.seed = seed;
        this.connectSpreadMs = connectSpreadMs;
    }

    /** Runs the leg with its files in {@code dir}; the figures include {@code passed}, the leg's checks. */
    Map<String, Object> run(BenchSession session, Path dir, Duration drain) throws Exception {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RedisServerProcess redis = session.own(RedisServerProcess.startIn(dir));
        List<String> drainFlag = List.of("--drain-duration", drain.toMillis() + "ms");
        CompletableFuture<Pod> startingDrained = CompletableFuture.supplyAsync(() -> launcher.start(session, dir, DRAINED, redis, drainFlag));
        CompletableFuture<Pod> startingSurvivor = CompletableFuture.supplyAsync(() -> launcher.start(session, dir, SURVIVOR, redis, List.of()));
        Pod drained = startingDrained.join();
        Pod survivor = startingSurvivor.join();
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put(DRAINED, drained.port());
        ports.put(SURVIVOR, survivor.port());
        DeviceModel model = new DeviceModel(SESSION_MS, 0, new DeviceModel.SplitPlacement(survivorDevices), SEND_GAP_MS, SEND_GAP_MS);
        Fleet fleet = session.own(new Fleet(ports, fleetSize, seed, new FaultLog(), model));
        RespClient observer = session.own(RespClient.connect(redis.port()));
        try {
            return measure(drain, drained, survivor, fleet, observer, redis.port());
        } finally {
            session.release(observer);
            session.release(fleet);
            session.release(survivor);
            session.release(drained);
            session.release(redis);
        }
    }

    private Map<String, Object> measure(Duration drain, Pod drained, Pod survivor, Fleet fleet, RespClient observer,
                                        int redisPort) throws Exception {
        FaultSchedule.progress("drain %d ms: %d devices connecting to %s, %d to %s", drain.toMillis(),
                fleetSize - survivorDevices, DRAINED, survivorDevices, SURVIVOR);
        fleet.start(connectSpreadMs, seed);
        Poll.until(SETUP_TIMEOUT, POLL, "every device connected and in the registry", () -> {
            Map<String, String> owners = fleet.truth().ownersNow();
            return owners.size() == fleetSize && RegistryComparison.of(observer.hashEntries(REGISTRY), owners).wrongEntries() == 0;
        });
        long moving = fleet.truth().ownersNow().values().stream().filter(DRAINED::equals).count();

        FaultSchedule.progress("%d devices on %s; SIGTERM to its ingestion", moving, DRAINED);
        RespClient sampling = RespClient.connect(redisPort);
        CounterSampler survivorFields = new CounterSampler("survivor-fields",
                () -> sampling.number("EVAL", COUNT_NAMING, "1", REGISTRY, SURVIVOR));
        long sigterm = WallClock.micros();
        long sigtermNanos = System.nanoTime();
        CompletableFuture<Long> converged = CompletableFuture.supplyAsync(() -> {
            try (RespClient poller = RespClient.connect(redisPort)) {
                long seen = Poll.untilOrTimeout(drain.plus(CONVERGE_TIMEOUT), POLL,
                        () -> poller.hlen(REGISTRY) == fleetSize
                                && poller.number("EVAL", COUNT_NAMING, "1", REGISTRY, SURVIVOR) == fleetSize);
                return seen == Poll.TIMED_OUT ? null : WallClock.micros();
            }
        });
        drained.ingestion().process().sigterm();
        Duration budget = drain.plus(EXIT_BEYOND_DRAIN);
        Integer exit = drained.ingestion().process().exitWithin(budget.plusSeconds(10));
        double exitSeconds = (System.nanoTime() - sigtermNanos) / 1e9;
        Long convergedAt = converged.get(drain.plus(CONVERGE_TIMEOUT).plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        boolean settled = Poll.untilOrTimeout(CONVERGE_TIMEOUT, POLL, () -> {
            Map<String, String> owners = fleet.truth().ownersNow();
            return owners.size() == fleetSize && owners.values().stream().allMatch(SURVIVOR::equals);
        }) != Poll.TIMED_OUT;
        survivorFields.close();
        sampling.close();
        int sidecarExit = drained.sidecar().process().stop(Duration.ofSeconds(20));
        // One read could fall between a reconnecting device's close and its new registration.
        AtomicReference<Map<String, String>> lastRead = new AtomicReference<>();
        Poll.untilOrTimeout(END_CATCH_UP, POLL, () -> {
            lastRead.set(observer.hashEntries(REGISTRY));
            return allOn(lastRead.get(), SURVIVOR);
        });
        Map<String, String> registryAtEnd = lastRead.get();

        DrainFigures figures = DrainFigures.of(fleet.truth(), sigterm, DRAINED, SURVIVOR);
        FleetTotals totals = fleet.totals();
        long missing = SinkRecords.readFiles(List.of(drained.ingestion().telemetry(), survivor.ingestion().telemetry()),
                totals.timestamps()).missing(totals.acked());

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("drainSeconds", drain.toMillis() / 1000.0);
        out.put("devicesMoved", moving);
        double even = drain.isZero() ? Double.NaN : moving / (drain.toMillis() / 1000.0);
        out.put("evenRatePerSecond", drain.isZero() ? null : Stats.round(even, 1));
        int peak = figures.peakSurvivorHandshakesPerSecond();
        out.put("survivorPeakHandshakesPerSecond", peak);
        out.put("registryPeakFieldsToSurvivorPerSecond", survivorFields.peakPerSecond(sigterm));
        out.put("survivorHandshakes", figures.survivorHandshakes());
        out.put("firstCloseSeconds", figures.firstCloseSeconds());
        out.put("lastCloseSeconds", figures.lastCloseSeconds());
        out.put("closesBySecond", figures.closesBySecond());
        out.put("survivorHandshakesBySecond", figures.survivorHandshakesBySecond());
        out.put("drainedExitCode", exit);
        out.put("drainedExitSeconds", Stats.round(exitSeconds, 2));
        out.put("exitBudgetSeconds", budget.toSeconds());
        out.put("registryConvergedSeconds", convergedAt == null ? null : Stats.round((convergedAt - sigterm) / 1e6, 2));
        out.put("fleetSettled", settled);
        out.put("registryOnSurvivorAtEnd", registryAtEnd.values().stream().filter(SURVIVOR::equals).count());
        out.put("registryNamingDrainedAtEnd", registryAtEnd.values().stream().filter(DRAINED::equals).count());
        out.put("sidecarExitCode", sidecarExit);
        out.put("recordsAcked", totals.recordsAcked());
        out.put("missingAckedRecords", missing);
        boolean paced = drain.isZero()
                || (peak <= 2 * even
                && figures.lastCloseSeconds() >= 0.6 * drain.toMillis() / 1000.0);
        boolean passed = paced && exit != null && exit == 0 && exitSeconds <= budget.toSeconds() && convergedAt != null
                && settled && registryAtEnd.size() == fleetSize && allOn(registryAtEnd, SURVIVOR) && sidecarExit == 0 && missing == 0;
        out.put("passed", passed);
        FaultSchedule.progress("drain %d ms: %s", drain.toMillis(), out);
        return out;
    }

    private boolean allOn(Map<String, String> registry, String instance) {
        return registry.size() == fleetSize && registry.values().stream().allMatch(instance::equals);
    }
}
