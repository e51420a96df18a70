package com.fleetlink.bench.report;

import java.util.List;

/** {@code registry.RegistryTelemetryCost}: what the registry costs the ingestion's CPU under device churn. */
final class TelemetryCostSection implements Section {
    private static final Target NOT_DEARER = new Target.AtLeast(0.98, "≥ 0.98");

    @Override
    public String id() {
        return "telemetry-cost";
    }

    @Override
    public String title() {
        return "Registry cost in the ingestion, under churn";
    }

    @Override
    public String about() {
        return "Two ingestion processes side by side, one attached to a real sidecar and Redis, one alone, both warmed up; "
                + "`simulate` legs at a fixed rate with device churn alternate between them (A B A B …), and a second series "
                + "alternates the attached one with Redis running and Redis SIGSTOPped. The figure is ingestion CPU seconds "
                + "(utime + stime) per million records acknowledged, medians per side; each side is the other's baseline. "
                + "The same side varies from leg to leg on a shared machine (the spread is in the raw result), so a ratio "
                + "cannot be read finer than that spread; the registry threads' own share of the ingestion's CPU is the "
                + "precise figure. Last, the same JVM as the benchmark runs `WriterWakeupFloor` at the attached legs' lines a "
                + "second: a producer thread hands a line of a `register` line's size to a writer thread of its own, which "
                + "wakes, writes it to a Unix socket a reader thread waits on, and parks again (the registry client's design "
                + "with nothing else of it), alternated with legs where the producer writes the line itself; the figure is "
                + "each thread's CPU per line (nanosecond thread clocks), and the bare writer's floor is its cheapest leg (load "
                + "only adds to a leg), so the registry threads' cost per line reads against what the hop alone costs on this "
                + "machine, in the same run.";
    }

    @Override
    public List<Figure> figures() {
        return List.of(
                new Figure("Ingestion CPU/record under churn, alone ÷ attached", NOT_DEARER,
                        r -> new Measured(Json.number(r, "/attachedVsAlone/cpuRatio"), Format.ratio(Json.number(r, "/attachedVsAlone/cpuRatio"))
                                + " at churn " + Json.text(r, "/settings/churn", "?") + "/s",
                                "records/s attached ÷ alone " + Format.ratio(Json.number(r, "/attachedVsAlone/recordsRatio"))
                                        + "; leg spread attached " + Format.percent(Json.number(r, "/attachedVsAlone/attachedCpuPerMrecSpread"))
                                        + ", alone " + Format.percent(Json.number(r, "/attachedVsAlone/aloneCpuPerMrecSpread"))
                                        + "; ratio of back-to-back pairs, median " + Format.ratio(Json.number(r, "/attachedVsAlone/pairedCpuRatioMedian"))
                                        + " (spread " + Format.percent(Json.number(r, "/attachedVsAlone/pairedCpuRatioSpread")) + ")")),
                new Figure("Ingestion CPU/record under churn, Redis SIGSTOPped ÷ running", NOT_DEARER,
                        r -> new Measured(Json.number(r, "/redisRunningVsStopped/cpuRatio"),
                                Format.ratio(Json.number(r, "/redisRunningVsStopped/cpuRatio")),
                                "records/s running ÷ stopped " + Format.ratio(Json.number(r, "/redisRunningVsStopped/recordsRatio")))),
                new Figure("Registry client threads' share of the ingestion's CPU, under churn", new Target.AtMost(0.02, "≤ 2 % (as the 0.98 ratio)"),
                        r -> new Measured(Json.number(r, "/attachedVsAlone/attachedRegistryThreadsShareMedian"),
                                Format.percent(Json.number(r, "/attachedVsAlone/attachedRegistryThreadsShareMedian")),
                                "their CPU per handshake (a register and an unregister) "
                                        + Json.text(r, "/attachedVsAlone/attachedRegistryThreadsMicrosPerHandshakeMedian", "?") + " µs; "
                                        + "a bare writer thread takes at least " + Format.percent(Json.number(r, "/writerFloor/bareWriterShare"))
                                        + " by itself at this rate")),
                new Figure("Registry threads' CPU per line ÷ a bare writer thread's least, under churn", new Target.None(),
                        r -> new Measured(Json.number(r, "/writerFloor/registryThreadsToBareWriter"),
                                Format.ratio(Json.number(r, "/writerFloor/registryThreadsToBareWriter")) + " ("
                                        + Json.text(r, "/writerFloor/registryThreadsMicrosPerLine", "?") + " vs "
                                        + Json.text(r, "/writerFloor/bareWriterMicrosPerLine", "?") + " µs a line at "
                                        + Json.text(r, "/writerFloor/linesPerSecond", "?") + " lines/s)",
                                "bare writer " + RepeatedFigure.micros(r, "/writerFloor/hopWriterMicrosPerLine")
                                        + "; the producer's hand-off " + RepeatedFigure.micros(r, "/writerFloor/hopProducerMicrosPerLine")
                                        + "; writing on the producer instead " + RepeatedFigure.micros(r, "/writerFloor/directProducerMicrosPerLine"))));
    }
}
