package com.fleetlink.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** {@code registry.RedisHang}: the script calls Redis runs after a hang, against the same work without one. */
final class RedisHangSection implements Section {
    @Override
    public String id() {
        return "redis-hang";
    }

    @Override
    public String title() {
        return "Script calls after a Redis hang";
    }

    @Override
    public String about() {
        return "Two legs of the same work over the same window, each on a fresh redis-server and sidecar with the benchmark "
                + "playing the ingestion on the socket: an empty snapshot, `CONFIG RESETSTAT`, then N `register` lines at the "
                + "window's start. In the baseline leg Redis runs throughout; in the hang leg it is SIGSTOPped just before the "
                + "registrations and SIGCONTed when the window (the hang) ends. Each leg then waits until `HLEN` is N and the "
                + "sidecar has nothing pending, and counts the script calls Redis ran (`INFO commandstats`: `evalsha` + "
                + "`eval`); heartbeats and reconcile passes fall in both windows alike. The baseline leg is the baseline: the "
                + "target is at most 1.3 × its calls + 10. The 10-minute hang with the RSS target (`bench/redis-hang --hang "
                + "10m`) is a separate long command; its result is in `docs/benchmark-history.md`.";
    }

    @Override
    public List<Figure> figures() {
        return List.of(
                new Figure("Redis script calls after the hang ÷ (1.3 × without + 10)", new Target.AtMost(1, "≤ 1"), r -> {
                    converged(r);
                    double after = Json.number(r, "/scriptCallsAfterHang");
                    double bound = Json.number(r, "/scriptCallsBound");
                    return new Measured(after / bound, Format.count(after) + " calls after a " + Format.count(Json.number(r, "/hangSeconds"))
                            + " s hang, N = " + Format.count(Json.number(r, "/devices")) + "; bound " + Format.count(bound),
                            Format.ratio(Json.number(r, "/scriptCallsRatio")) + " × the " + Format.count(Json.number(r, "/scriptCallsBaseline"))
                                    + " calls without the hang");
                }),
                new Figure("Hang over → registry whole again", new Target.None("report"), r -> {
                    converged(r);
                    double s = Json.number(r, "/hang/windowEndToWholeSeconds");
                    return new Measured(s, Format.seconds(s) + " after SIGCONT",
                            "without the hang " + Format.seconds(Json.number(r, "/baseline/windowEndToWholeSeconds")) + " after the window");
                }));
    }

    private static void converged(JsonNode r) {
        if (!Json.flag(r, "/baseline/converged") || !Json.flag(r, "/hang/converged")) {
            throw new FigureUnavailable("a leg's registry was not whole within the benchmark's timeout; see the section");
        }
    }
}
