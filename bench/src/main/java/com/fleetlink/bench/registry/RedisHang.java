package com.fleetlink.bench.registry;

import com.fleetlink.testkit.JavaProgram;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench/redis-hang}: what a Redis hang costs Redis once it resumes, and the sidecar's memory
 * while it lasts. Two legs of the same work over the same window ({@link HangLeg}), each on a fresh
 * redis-server and sidecar with a {@link FakeIngestion} on its socket: N registrations at the
 * window's start; in the baseline leg Redis runs throughout, in the hang leg it is SIGSTOPped just
 * before the registrations and SIGCONTed when the window ends. Each leg counts the script calls
 * Redis ran ({@code INFO commandstats}: {@code evalsha} + {@code eval}, from {@code CONFIG
 * RESETSTAT} after setup) until the registry is whole and the sidecar idle. Targets
 * ({@link HangVerdict}): calls after the hang at most 1.3 × the baseline's + 10; for a hang longer
 * than a minute, the sidecar's RSS at its end at most 16 MiB above its value after its first minute.
 * Exit 0 when measured, whatever the verdict (the JSON's {@code pass} says).
 */
public final class RedisHang implements BenchMain.Bench {
    private final HangLeg leg;
    private final Duration hang;
    private final int devices;
    private final List<String> sidecarJvm;
    private final List<String> sidecarArgs;

    private RedisHang(BenchFlags flags) {
        JarFlags jars = JarFlags.fromFlags(flags);
        hang = flags.duration("hang", "60s", "how long Redis is SIGSTOPped; the baseline leg's window is as long");
        devices = flags.integer("devices", 20_000, "registrations sent at the start of each leg's window");
        Duration convergeTimeout = flags.duration("converge-timeout", "120s",
                "longest wait after the window for the registry to be whole and the sidecar idle");
        sidecarJvm = JavaProgram.options(flags.text("sidecar-jvm", "-Xmx96m", "JVM options of the sidecar (state the heap)"));
        sidecarArgs = JavaProgram.options(flags.text("sidecar-args", "", "more flags for registry-sidecar run"));
        if (hang.toMillis() < 1000 || devices < 1) {
            throw new BenchFlags.UsageException("RedisHang: needs --hang of at least 1s and --devices ≥ 1");
        }
        leg = new HangLeg(jars, devices, hang, convergeTimeout, sidecarJvm, sidecarArgs);
    }

    public static void main(String[] args) {
        BenchMain.run("RedisHang", args, Duration.ofMinutes(45), RedisHang::new);
    }

    @Override
    public Map<String, Object> run(BenchSession session) {
        BenchMain.say("RedisHang: %,d registrations, hang %s, sidecar JVM %s %s", devices, seconds(hang), sidecarJvm, sidecarArgs);
        HangLeg.Result baseline = leg.run(session, "baseline", false);
        say("baseline (Redis running)", baseline);
        HangLeg.Result hung = leg.run(session, "hang", true);
        say("hang (Redis SIGSTOPped)", hung);
        HangVerdict verdict = new HangVerdict(baseline.scriptCalls(), hung.scriptCalls(),
                baseline.converged() && hung.converged(), hung.rssGrowth());

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("devices", devices);
        out.put("hangSeconds", Stats.round(hang.toMillis() / 1000.0, 3));
        out.put("sidecarJvm", String.join(" ", sidecarJvm));
        out.put("sidecarArgs", String.join(" ", sidecarArgs));
        out.put("baseline", baseline.figures());
        out.put("hang", hung.figures());
        out.putAll(verdict.report());
        BenchMain.say("script calls after the hang %d, without %d: ratio %s; bound 1.3 × %d + 10 = %.1f: %s",
                hung.scriptCalls(), baseline.scriptCalls(), out.get("scriptCallsRatio"), baseline.scriptCalls(),
                verdict.callsBound(), verdict.callsPass() ? "pass" : "FAIL");
        if (verdict.rssPass() != null) {
            BenchMain.say("sidecar RSS during the hang: %s MiB after its first minute, %s MiB at its end: %+.1f MiB (bound 16 MiB): %s",
                    hung.figures().get("sidecarRssAfterFirstMinuteMiB"), hung.figures().get("sidecarRssAtWindowEndMiB"),
                    hung.rssGrowth() / 1048576.0, verdict.rssPass() ? "pass" : "FAIL");
        }
        return out;
    }

    private static void say(String leg, HangLeg.Result r) {
        Map<String, Object> f = r.figures();
        BenchMain.say("%s: window %s s, %d script calls; %s", leg, f.get("windowSeconds"), r.scriptCalls(),
                r.converged() ? "registry whole " + f.get("windowEndToWholeSeconds") + " s after the window"
                        : "registry NOT whole within " + f.get("timeoutSeconds") + " s (" + f.get("visibleAtTimeout") + " fields)");
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
