package com.fleetlink.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** {@code chaos.DrainRun}: a stopping instance's devices moving to the survivor, paced and unpaced. */
final class DrainSection implements Section {
    @Override
    public String id() {
        return "drain";
    }

    @Override
    public String title() {
        return "Paced drain: reconnects on the survivor";
    }

    @Override
    public String about() {
        return "Two instances (real jars) on one Redis; N devices on the first and a tenth as many on the second, so the "
                + "survivor is warm as in a rollout. The first gets SIGTERM with `--drain-duration` (one leg paced, one `0s`, "
                + "each on fresh processes); each device reconnects to the other instance 0.1–1 s after its socket closes or "
                + "is refused. The most handshakes the survivor answered within any one second (sliding, as the devices saw "
                + "them), against the even rate N ÷ duration (the issue's bound is twice it) and against the unpaced leg. "
                + "From Redis (a count read every 100 ms): the most fields that turned to the survivor within any one second, "
                + "and the time from the SIGTERM until every field names it. The load generator is one thread in the "
                + "benchmark JVM: on a machine short of CPU it notices closes and answers late, which blurs both legs.";
    }

    @Override
    public List<Figure> figures() {
        return List.of(
                new Figure("Paced: survivor's busiest second ÷ even rate", new Target.AtMost(2, "≤ 2 × the even rate"), r -> {
                    JsonNode paced = leg(r, true);
                    double peak = Json.number(paced, "/survivorPeakHandshakesPerSecond");
                    double even = Json.number(paced, "/evenRatePerSecond");
                    return new Measured(peak / even, Format.count(peak) + " handshakes/s at N = " + Format.count(Json.number(paced, "/devicesMoved"))
                            + " over " + Format.seconds(Json.number(paced, "/drainSeconds")) + " (even " + Format.count(even) + "/s)",
                            "last close at " + Format.seconds(Json.number(paced, "/lastCloseSeconds")));
                }),
                new Figure("Unpaced (`0s`): survivor's busiest second", new Target.None("report"), r -> {
                    double peak = Json.number(leg(r, false), "/survivorPeakHandshakesPerSecond");
                    return new Measured(peak, Format.count(peak) + " handshakes/s", null);
                }),
                new Figure("Busiest second, paced ÷ unpaced", new Target.None("report"), r -> {
                    double ratio = Json.number(r, "/pacedToUnpacedPeakRatio");
                    return new Measured(ratio, Format.ratio(ratio), null);
                }),
                new Figure("Registry: SIGTERM → every field on the survivor", new Target.None("report"), r -> {
                    JsonNode paced = leg(r, true);
                    JsonNode unpaced = leg(r, false);
                    double seconds = Json.number(paced, "/registryConvergedSeconds");
                    return new Measured(seconds, "paced " + Format.seconds(seconds) + ", unpaced "
                            + Format.seconds(Json.number(unpaced, "/registryConvergedSeconds")), "busiest second "
                            + Format.count(Json.number(paced, "/registryPeakFieldsToSurvivorPerSecond")) + " fields paced, "
                            + Format.count(Json.number(unpaced, "/registryPeakFieldsToSurvivorPerSecond")) + " unpaced");
                }));
    }

    /** The first paced leg, or the first unpaced one; missing when the run had none. */
    private static JsonNode leg(JsonNode result, boolean paced) {
        for (JsonNode leg : result.path("legs")) {
            if (leg.path("drainSeconds").asDouble() > 0 == paced) {
                return leg;
            }
        }
        throw new FigureUnavailable("the run had no " + (paced ? "paced" : "unpaced") + " leg");
    }
}
