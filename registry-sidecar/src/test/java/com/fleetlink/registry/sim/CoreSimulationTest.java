package com.fleetlink.registry.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.registry.command.CommandStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The short sweep of the deterministic simulation (the long one is {@link SimulationMain}): a fixed
 * range of seeds, each a world of instances, devices, commands and faults checked against design §4's
 * invariants and §9's guarantees for commands; and the property that makes a failing seed worth having, that it replays exactly.
 */
class CoreSimulationTest {
    /** Fixed, so every build sweeps the same seeds; the long sweep explores others. */
    private static final long FIRST_SEED = 1;
    /** As many as keep the module's build time: a seed with commands costs about 1.6 times one without. */
    private static final int SEEDS = 180;
    private static final int THREADS = 2;

    @Test
    void sweep_whenEverySeedRunsWithFaults_thenNoInvariantBreaks() throws Exception {
        List<String> reports = new ArrayList<>();
        SimulationMain.Tally tally = new SimulationMain.Tally();
        try (QuietLogs quiet = new QuietLogs()) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<String>> runs = new ArrayList<>();
            for (long seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
                long s = seed;
                runs.add(pool.submit(() -> {
                    try {
                        tally.add(Simulation.run(s));
                        return null;
                    } catch (SimulationFailure failure) {
                        return failure.report();
                    }
                }));
            }
            pool.shutdown();
            for (Future<String> run : runs) {
                if (run.get() != null) {
                    reports.add(run.get());
                }
            }
        }
        assertThat(reports).as("failing seeds").isEmpty();
        // The janitor's invariant means something only where janitors delete: where pods die for good.
        assertThat(tally.seedsCleaned()).as("seeds with a pod dead for good where janitors deleted fields (%s)", tally)
                .isGreaterThan(tally.seedsWithDeaths() / 2);
        // Fencing is judged only where outcomes come stale, and delivery only where devices answer.
        assertThat(tally.stale()).as("stale outcomes ignored (%s)", tally.commands()).isPositive();
        assertThat(tally.ended(CommandStatus.RESPONDED)).as("commands responded (%s)", tally.commands()).isPositive();
    }

    @Test
    void sameSeed_whenRunTwice_thenTheTracesAreIdentical() {
        try (QuietLogs quiet = new QuietLogs()) {
            for (long seed = FIRST_SEED; seed < FIRST_SEED + 5; seed++) {
                Simulation.Result first = runIgnoringVerdict(seed);
                Simulation.Result second = runIgnoringVerdict(seed);
                assertThat(second).as("seed %d run twice", seed).isEqualTo(first);
            }
        }
    }

    /** The run's figures, whether or not an invariant broke: a replay must break the same way. */
    private static Simulation.Result runIgnoringVerdict(long seed) {
        try {
            return Simulation.run(seed);
        } catch (SimulationFailure failure) {
            return new Simulation.Result(seed, -1, -1, failure.report().hashCode(), -1, -1, -1, null);
        }
    }
}
