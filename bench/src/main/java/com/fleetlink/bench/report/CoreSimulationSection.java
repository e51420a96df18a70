package com.fleetlink.bench.report;

import java.util.List;

/** {@code bench/simulate-core}: the deterministic simulation of the sidecar core, seeds and events per unit of time. */
final class CoreSimulationSection implements Section {
    @Override
    public String id() {
        return "core-simulation";
    }

    @Override
    public String title() {
        return "Core simulation";
    }

    @Override
    public String about() {
        return "`bench/simulate-core` runs registry-sidecar's deterministic simulation of the sidecar core "
                + "(`com.fleetlink.registry.sim.SimulationMain`, from its test classes) over consecutive seeds; its last line "
                + "(`seeds N, failures F, events E, seconds S`) is the result. A seed that fails makes the run fail. The "
                + "figures are throughput on this machine, with no target: seeds per minute, and simulated events per second "
                + "of wall-clock time.";
    }

    @Override
    public List<Figure> figures() {
        return List.of(
                new Figure("Core simulation: seeds per minute", new Target.None("report"), r -> {
                    double perMinute = Json.number(r, "/seeds") * 60 / Json.number(r, "/seconds");
                    return new Measured(perMinute, Format.count(perMinute) + " (" + Format.count(Json.number(r, "/seeds")) + " seeds, "
                            + Format.count(Json.number(r, "/failures")) + " failures, " + Format.seconds(Json.number(r, "/seconds")) + ")", null);
                }),
                new Figure("Core simulation: simulated events per second", new Target.None("report"), r -> {
                    double perSecond = Json.number(r, "/events") / Json.number(r, "/seconds");
                    return new Measured(perSecond, Format.count(perSecond) + " (" + Format.count(Json.number(r, "/events")) + " events)", null);
                }));
    }
}
