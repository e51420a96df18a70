package com.fleetlink.bench.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What share of the ingestion's CPU the registry client's thread hop takes by itself: a bare writer
 * thread's cost per line ({@link WriterWakeupFloor}) at the attached churn legs' lines a second, over
 * those legs' ingestion CPU a second, next to the registry threads' own cost per line.
 */
final class WriterFloorShare {
    private WriterFloorShare() {
    }

    /** Lines a second of the attached legs (median): a handshake brings a register and, under churn, an unregister. */
    static double linesPerSecond(List<Map<String, Object>> attachedLegs) {
        return 2 * Stats.median(attachedLegs.stream()
                .mapToDouble(l -> ((Number) l.get("handshakes")).doubleValue() / (double) l.get("wallSeconds")).toArray());
    }

    /**
     * The figures for the result file, then {@code floor}'s own. The bare writer's cost is its cheapest
     * leg: a floor, which a busy machine (stolen time, cold caches) only raises.
     *
     * @param registryMicrosPerHandshake the attached legs' registry threads' CPU per handshake (median)
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> of(List<Map<String, Object>> attachedLegs, double registryMicrosPerHandshake,
                                  Map<String, Object> floor) {
        double linesPerSecond = linesPerSecond(attachedLegs);
        double ingestionCpuPerSecond = Stats.median(attachedLegs.stream()
                .mapToDouble(l -> (double) l.get("ingestionCpuSeconds") / (double) l.get("wallSeconds")).toArray());
        double registryMicrosPerLine = registryMicrosPerHandshake / 2;
        double floorMicros = ((Number) ((Map<String, Object>) floor.get("hopWriterMicrosPerLine")).get("min")).doubleValue();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("linesPerSecond", Stats.round(linesPerSecond, 1));
        m.put("ingestionCpuSecondsPerSecond", Stats.round(ingestionCpuPerSecond, 3));
        m.put("registryThreadsMicrosPerLine", Stats.round(registryMicrosPerLine, 1));
        m.put("bareWriterMicrosPerLine", Stats.round(floorMicros, 1));
        m.put("registryThreadsToBareWriter", Stats.round(registryMicrosPerLine / floorMicros, 3));
        m.put("bareWriterShare", Stats.round(floorMicros * 1e-6 * linesPerSecond / ingestionCpuPerSecond, 4));
        m.putAll(floor);
        return m;
    }
}
