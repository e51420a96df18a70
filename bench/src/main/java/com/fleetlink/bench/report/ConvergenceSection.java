package com.fleetlink.bench.report;

import java.util.List;

/** {@code registry.Convergence}: Redis restarted empty under N held devices; the sidecar's memory. */
final class ConvergenceSection implements Section {
    private static final double MIB = 1024 * 1024;

    @Override
    public String id() {
        return "convergence";
    }

    @Override
    public String title() {
        return "Convergence after an empty Redis restart, and sidecar memory";
    }

    @Override
    public String about() {
        return "The benchmark plays the ingestion on the socket: a snapshot of N IMEIs (one source, no TCP ports), timed until "
                + "Redis has them all (the first fill: the baseline of the restart figure). Then, per restart, redis-server is "
                + "killed (SIGKILL), an empty one started on the same port, and the time from the new Redis answering PING until "
                + "`HLEN` is N again is taken; the figure is the median. Memory: the sidecar's `VmRSS` at N held, and per held "
                + "entry (RSS, and live heap after a full GC via `jcmd GC.class_histogram`) at N held minus the same readings "
                + "before the snapshot, divided by N; the per-entry RSS includes one-off costs such as class loading and JIT "
                + "code of the paths the snapshot is the first to use. The sidecar runs with the pod's JVM options: the "
                + "`JAVA_OPTS` of the registry-sidecar container in `deploy/k8s/base/deployment.yaml`, after `-XX:MaxRAM` and "
                + "`-XX:ActiveProcessorCount` from its limits (there is no cgroup here to take them from). Why the target can "
                + "be missed: about 100 MiB of RSS is the JVM outside the heap (metaspace, CDS, code cache, libjvm), and the "
                + "heap is touched up to its cap while the snapshot of N is taken in.";
    }

    @Override
    public List<Figure> figures() {
        return List.of(
                new Figure("Redis restarted empty → all N held back in Redis (median)", new Target.AtMost(2, "≤ 2 s"), r -> {
                    if (!Json.flag(r, "/allRestartsCompleted") || !Json.flag(r, "/initialFill/completed")) {
                        throw new FigureUnavailable("the registry was not whole again within the benchmark's timeout");
                    }
                    double s = Json.number(r, "/readyToWholeSecondsMedian");
                    return new Measured(s, Format.seconds(s) + " at N = " + Format.count(Json.number(r, "/devices"))
                            + " (" + r.path("restarts").size() + " restarts)",
                            Format.ratio(s / Json.number(r, "/initialFill/seconds")) + " of the first fill ("
                                    + Format.seconds(Json.number(r, "/initialFill/seconds")) + ")");
                }),
                new Figure("Sidecar RSS at N held", new Target.AtMost(128 * MIB, "≤ 128 MiB at 100,000 held"), r -> {
                    double rss = Json.number(r, "/rss/vmRssBytes");
                    return new Measured(rss, Format.mebibytes(rss) + " at N = " + Format.count(Json.number(r, "/devices"))
                            + ", `" + Json.text(r, "/sidecarJvm", "") + "`",
                            "at 0 held " + Format.mebibytes(Json.number(r, "/footprintAtZeroHeld/vmRssBytes")));
                }),
                new Figure("Sidecar memory per held entry", new Target.None("report"), r -> {
                    double rss = Json.number(r, "/bytesPerHeldEntry/vmRssBytes");
                    String heap = r.at("/bytesPerHeldEntry/liveHeapBytes").isNumber()
                            ? Format.count(Json.number(r, "/bytesPerHeldEntry/liveHeapBytes")) + " B live heap"
                            : "live heap: " + Json.text(r, "/footprintAtAllHeld/liveHeapError", "not read");
                    return new Measured(rss, Format.count(rss) + " B RSS, " + heap, null);
                }));
    }
}
