package com.fleetlink.registry.sim;

import com.fleetlink.registry.command.CommandStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The long sweep: {@code --seeds N --first-seed S --threads T}. Seeds run in parallel, each fully
 * independent; prints progress, every failing seed's report with its replay command, lines of what
 * the janitors and the commands did ({@link Tally}) and a last line {@code seeds N, failures F, events E, seconds S}.
 * Exits 1 when any seed failed.
 */
public final class SimulationMain {
    private SimulationMain() {
    }

    /** What the janitors and the commands did over the seeds that passed; safe to add to from several threads. */
    static final class Tally {
        private final AtomicLong seeds = new AtomicLong();
        private final AtomicLong seedsWithDeaths = new AtomicLong();
        private final AtomicLong seedsCleaned = new AtomicLong();
        private final AtomicLong deletes = new AtomicLong();
        private final AtomicLong claims = new AtomicLong();
        private final AtomicLong raced = new AtomicLong();
        private final AtomicLong writes = new AtomicLong();
        private final AtomicLong stale = new AtomicLong();
        private final AtomicLong destroyed = new AtomicLong();
        private final Map<CommandStatus, Long> ended = new EnumMap<>(CommandStatus.class);

        void add(Simulation.Result result) {
            seeds.incrementAndGet();
            deletes.addAndGet(result.janitorDeletes());
            CommandInvariants.Counts c = result.commands();
            claims.addAndGet(c.claims());
            raced.addAndGet(c.raced());
            writes.addAndGet(c.writes());
            stale.addAndGet(c.stale());
            destroyed.addAndGet(c.destroyed());
            synchronized (ended) {
                c.ended().forEach((status, n) -> ended.merge(status, n, Long::sum));
            }
            if (result.deaths() > 0) {
                seedsWithDeaths.incrementAndGet();
                if (result.janitorDeletes() > 0) {
                    seedsCleaned.incrementAndGet();
                }
            }
        }

        /** Seeds where a pod died for good. */
        long seedsWithDeaths() {
            return seedsWithDeaths.get();
        }

        /** Of those, seeds where janitors deleted fields. */
        long seedsCleaned() {
            return seedsCleaned.get();
        }

        /** Outcomes ignored as stale (their attempt was not the command's current one). */
        long stale() {
            return stale.get();
        }

        /** Commands that ended with {@code status}. */
        long ended(CommandStatus status) {
            synchronized (ended) {
                return ended.getOrDefault(status, 0L);
            }
        }

        /** What the commands did, in one line. */
        String commands() {
            synchronized (ended) {
                return "commands: " + claims.get() + " claims (" + raced.get() + " found the device moved by then), " + writes.get()
                        + " writes, " + stale.get()
                        + " stale outcomes ignored, " + destroyed.get() + " destroyed by empty restarts; ended " + ended;
            }
        }

        @Override
        public String toString() {
            return "janitor deletes " + deletes.get() + " in " + seeds.get() + " seeds; pods died for good in "
                    + seedsWithDeaths.get() + " seeds, janitors deleted in " + seedsCleaned.get() + " of them";
        }
    }

    /** The one command, run from the repository's root, that runs {@code seeds} seeds from {@code first}. */
    static String command(long seeds, long first, int threads) {
        // Classes of this checkout first: the local repository's protocol jar may be another branch's.
        return "./mvnw -B -q -o -pl registry-sidecar -am test-compile && java -cp \"registry-sidecar/target/test-classes:"
                + "registry-sidecar/target/classes:protocol/target/classes:$(./mvnw -B -q -o -pl registry-sidecar dependency:build-classpath"
                + " -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)\" " + SimulationMain.class.getName()
                + " --seeds " + seeds + " --first-seed " + first + " --threads " + threads;
    }

    /** The one command that replays {@code seed}. */
    static String replayCommand(long seed) {
        return command(1, seed, 1);
    }

    private static final String USAGE = "usage: simulate-core [--seeds N (1000)] [--first-seed S (1)] [--threads T (cores)]";

    public static void main(String[] args) throws Exception {
        // The core's loop-confinement asserts must run here as they do under surefire, even without -ea.
        SimulationMain.class.getClassLoader().setPackageAssertionStatus("com.fleetlink.registry", true);
        long seeds = 1000;
        long first = 1;
        int threads = Runtime.getRuntime().availableProcessors();
        if (List.of(args).contains("--help")) {
            System.out.println(USAGE);
            return;
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("option " + args[args.length - 1] + " needs a value; " + USAGE);
        }
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--seeds" -> seeds = Long.parseLong(args[i + 1]);
                case "--first-seed" -> first = Long.parseLong(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.exit(sweep(seeds, first, threads) == 0 ? 0 : 1);
    }

    /** Runs the seeds and prints as it goes; returns the number of failures. */
    static long sweep(long seeds, long first, int threads) throws Exception {
        long started = System.nanoTime();
        AtomicLong done = new AtomicLong();
        AtomicLong events = new AtomicLong();
        Tally tally = new Tally();
        List<Future<SimulationFailure>> results = new ArrayList<>();
        long step = Math.max(1, seeds / 20);
        try (QuietLogs quiet = new QuietLogs()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            for (long s = first; s < first + seeds; s++) {
                long seed = s;
                results.add(pool.submit(() -> {
                    SimulationFailure failure = null;
                    try {
                        Simulation.Result result = Simulation.run(seed);
                        events.addAndGet(result.steps());
                        tally.add(result);
                    } catch (SimulationFailure f) {
                        failure = f;
                        System.out.println(f.report());
                    }
                    long n = done.incrementAndGet();
                    if (n % step == 0) {
                        System.out.printf("%d/%d seeds, %.1f s%n", n, seeds, (System.nanoTime() - started) / 1e9);
                    }
                    return failure;
                }));
            }
            pool.shutdown();
            long failures = 0;
            for (Future<SimulationFailure> r : results) {
                if (r.get() != null) {
                    failures++;
                }
            }
            System.out.println(tally);
            System.out.println(tally.commands());
            System.out.printf("seeds %d, failures %d, events %d, seconds %.1f%n", seeds, failures, events.get(),
                    (System.nanoTime() - started) / 1e9);
            return failures;
        }
    }
}
