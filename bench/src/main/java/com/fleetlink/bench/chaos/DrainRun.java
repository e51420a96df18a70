package com.fleetlink.bench.chaos;

import com.fleetlink.bench.registry.BenchFlags;
import com.fleetlink.bench.registry.BenchMain;
import com.fleetlink.bench.registry.BenchSession;
import com.fleetlink.bench.registry.JarFlags;
import com.fleetlink.bench.registry.Stats;
import com.fleetlink.protocol.cli.DurationConverter;
import com.fleetlink.testkit.JavaProgram;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * A paced drain, measured (issue 13): per leg, two instances on a fresh Redis and a fleet mostly on
 * the first, which gets SIGTERM with one {@code --drain-duration}; its devices reconnect to the other
 * when their socket closes (or is refused). Figures per leg: the most handshakes the survivor
 * answered within any one second as the devices saw them, the most registry fields that turned to
 * it within any one second, when the drained instance's first and last sockets closed, its exit,
 * the registry's convergence on the survivor, acknowledged records missing from the sinks. With a paced and an unpaced ({@code 0s})
 * leg, the ratio of their peaks. Exits 1 when a leg fails its checks: exit 0 within the budget,
 * registry all on the survivor, no acknowledged record missing, and for a paced leg a peak of at
 * most twice the even rate and a last close after 60 % of the duration.
 */
public final class DrainRun implements BenchMain.Bench {
    private final PodLauncher launcher;
    private final int devices;
    private final int survivorDevices;
    private final List<Duration> drains;
    private final long seed;
    private final int connectSpreadMs;

    private DrainRun(BenchFlags flags) {
        JarFlags jars = JarFlags.fromFlags(flags);
        devices = flags.integer("devices", 10_000, "simulated devices on the instance that is drained");
        survivorDevices = flags.integer("survivor-devices", devices / 10, "more devices on the survivor from the start, so it is warm");
        String drainList = flags.text("drains", "10s,0s", "one leg per --drain-duration, comma-separated; 0s is the unpaced close");
        seed = Long.parseLong(flags.text("seed", "1", "seed of the fleet"));
        connectSpreadMs = flags.integer("connect-spread-ms", 10_000, "the fleet's first connects spread over this long");
        List<String> jvm = JavaProgram.options(flags.text("jvm", "-Xmx256m", "JVM options of the sidecars and ingestions"));
        List<String> sidecarArgs = JavaProgram.options(flags.text("sidecar-args", "", "more registry-sidecar run flags"));
        launcher = new PodLauncher(jars, jvm, sidecarArgs);
        try {
            drains = Arrays.stream(drainList.split(",")).map(String::trim).map(DurationConverter::parse).toList();
        } catch (CommandLine.TypeConversionException e) {
            throw new BenchFlags.UsageException("DrainRun: --drains: " + e.getMessage());
        }
        if (devices < 1 || survivorDevices < 0 || connectSpreadMs < 1) {
            throw new BenchFlags.UsageException("DrainRun: needs --devices ≥ 1, --survivor-devices ≥ 0 and --connect-spread-ms ≥ 1");
        }
    }

    public static void main(String[] args) {
        BenchMain.run("DrainRun", args, Duration.ofMinutes(20), DrainRun::new);
    }

    @Override
    public Map<String, Object> run(BenchSession session) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("devices", devices);
        out.put("survivorDevices", survivorDevices);
        out.put("seed", seed);
        List<Map<String, Object>> legs = new ArrayList<>();
        DrainLeg leg = new DrainLeg(launcher, devices, survivorDevices, seed, connectSpreadMs);
        for (int i = 0; i < drains.size(); i++) {
            legs.add(leg.run(session, session.dir().resolve("leg-" + i), drains.get(i)));
        }
        out.put("legs", legs);
        Map<String, Object> paced = firstLeg(legs, true);
        Map<String, Object> unpaced = firstLeg(legs, false);
        if (paced != null && unpaced != null) {
            out.put("pacedToUnpacedPeakRatio", Stats.round(peak(paced) / peak(unpaced), 3));
        }
        return out;
    }

    private static Map<String, Object> firstLeg(List<Map<String, Object>> legs, boolean paced) {
        return legs.stream().filter(l -> ((Number) l.get("drainSeconds")).doubleValue() > 0 == paced).findFirst().orElse(null);
    }

    private static double peak(Map<String, Object> leg) {
        return ((Number) leg.get("survivorPeakHandshakesPerSecond")).doubleValue();
    }

    @Override
    @SuppressWarnings("unchecked")
    public int exitCode(Map<String, Object> figures) {
        List<Map<String, Object>> legs = (List<Map<String, Object>>) figures.get("legs");
        return legs.stream().allMatch(l -> Boolean.TRUE.equals(l.get("passed"))) ? 0 : BenchMain.EXIT_FAILED;
    }
}
