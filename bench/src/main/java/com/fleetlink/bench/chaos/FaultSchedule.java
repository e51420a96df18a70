package com.fleetlink.bench.chaos;

import com.fleetlink.bench.TelemetryBroker;
import com.fleetlink.testkit.Pod;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The seeded fault schedule: one fault at a time, with calm gaps between; the first faults are
 * every kind once in a seeded order, the rest drawn at random from the repeatable kinds, until the
 * fault phase's time is up. Each fault ends when the system is whole again (Redis answering, the
 * restarted process ready, every living instance's sidecar connected to Redis with its ingestion
 * attached, and after an {@link InstanceKill} no field naming the killed instance), which is when
 * its window in the {@link FaultLog} closes.
 */
final class FaultSchedule {
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TERM_GRACE = Duration.ofSeconds(20);
    private static final long STARTED = System.nanoTime();

    private final RedisServerProcess redis;
    private final Path aof;
    /** The living instances: an instance kill takes its victim out. */
    private final List<Pod> pods;
    private final InstanceKill instanceKill;
    private final TelemetryBroker broker;
    private final List<FaultKind> kinds;
    private final FaultLog log;
    private final SplittableRandom random;
    private final List<String> termExits = new ArrayList<>();
    private final List<String> drainExits = new ArrayList<>();

    /**
     * @param aof    the directory of Redis' append-only file, whose restart from it is then one of the
     *               kinds and which an empty restart deletes; {@code null} when Redis keeps none
     * @param broker the Kafka sink's, whose restart is then one of the kinds; {@code null} with the file sink
     */
    FaultSchedule(RedisServerProcess redis, Path aof, List<Pod> pods, InstanceKill instanceKill, TelemetryBroker broker,
                  FaultLog log, long seed) {
        this.redis = redis;
        this.aof = aof;
        this.pods = new ArrayList<>(pods);
        this.instanceKill = instanceKill;
        this.broker = broker;
        this.kinds = FaultKind.forRun(broker != null, aof != null);
        this.log = log;
        this.random = new SplittableRandom(seed);
    }

    /** Injects faults until {@code deadline} (a {@link System#nanoTime()}) and every kind has run once; returns when the last is over. */
    void run(long deadline) throws Exception {
        List<FaultKind> first = new ArrayList<>(kinds);
        for (int i = first.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            FaultKind t = first.get(i);
            first.set(i, first.get(j));
            first.set(j, t);
        }
        log.phaseStarted();
        int injected = 0;
        List<FaultKind> again = kinds.stream().filter(FaultKind::isRepeatable).toList();
        while (injected < first.size() || System.nanoTime() < deadline) {
            hold(2_000 + random.nextInt(3_000));
            FaultKind kind = injected < first.size() ? first.get(injected) : again.get(random.nextInt(again.size()));
            inject(kind);
            injected++;
        }
        log.phaseEnded();
    }

    /** The sidecars' exit codes after SIGTERM, {@code id:code}. */
    List<String> termExits() {
        return List.copyOf(termExits);
    }

    /** The ingestions' exit codes after SIGTERM and their drain, {@code id:code}. */
    List<String> drainExits() {
        return List.copyOf(drainExits);
    }

    private void inject(FaultKind kind) throws Exception {
        Pod pod = pods.get(random.nextInt(pods.size()));
        String target = switch (kind) {
            case REDIS_PAUSE, REDIS_RESTART_EMPTY, REDIS_RESTART -> "redis";
            case INSTANCE_KILL -> instanceKill.instance();
            case BROKER_RESTART -> "kafka";
            default -> pod.id();
        };
        int window = log.start(kind, target);
        progress("fault %d: %s on %s", log.count(), kind.label(), target);
        switch (kind) {
            case REDIS_PAUSE -> {
                redis.pause();
                hold(2_000 + random.nextInt(3_000));
                redis.resume();
            }
            case REDIS_RESTART_EMPTY -> {
                redis.kill();
                hold(300 + random.nextInt(1_500));
                forgetAof();
                redis.startAgain();
            }
            case REDIS_RESTART -> {
                redis.kill();
                hold(300 + random.nextInt(1_500));
                redis.startAgain();
            }
            case SIDECAR_KILL -> {
                pod.sidecar().process().kill();
                hold(300 + random.nextInt(1_500));
                pod.restartSidecar();
            }
            case INGESTION_KILL -> {
                // The kernel resets the device sockets.
                pod.ingestion().process().kill();
                hold(300 + random.nextInt(1_500));
                pod.restartIngestion();
            }
            case SIDECAR_TERM -> {
                termExits.add(pod.id() + ":" + pod.sidecar().process().stop(TERM_GRACE));
                pod.restartSidecar();
            }
            case INSTANCE_KILL -> {
                pods.removeIf(p -> p.id().equals(instanceKill.instance()));
                instanceKill.inject(random.nextLong());
            }
            case ROLLING_RESTART -> {
                drainExits.add(pod.id() + ":" + pod.ingestion().process().stop(TERM_GRACE));
                pod.restartIngestion();
            }
            case BROKER_RESTART -> {
                broker.stop();
                hold(2_000 + random.nextInt(3_000));
                broker.startAgain();
            }
        }
        Poll.until(RECOVERY_TIMEOUT, Duration.ofMillis(50), "the living instances to be healthy after " + kind.label(),
                () -> pods.stream().allMatch(PodHealth::healthy));
        log.end(window);
        progress("fault %d over", log.count());
    }

    /** Deletes the append-only file, if Redis keeps one, so that it starts empty. */
    private void forgetAof() throws IOException {
        if (aof == null || !Files.exists(aof)) {
            return;
        }
        try (Stream<Path> files = Files.walk(aof)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** The fault's own length or a calm gap: a chosen duration, not a wait for a condition. */
    private static void hold(long millis) {
        LockSupport.parkNanos(Duration.ofMillis(millis).toNanos());
    }

    /** One line of progress on stderr, with the seconds since the run started. */
    static void progress(String format, Object... args) {
        double seconds = (System.nanoTime() - STARTED) / 1e9;
        System.err.println(String.format(java.util.Locale.ROOT, "chaos %6.1fs: ", seconds)
                + String.format(java.util.Locale.ROOT, format, args));
    }
}
