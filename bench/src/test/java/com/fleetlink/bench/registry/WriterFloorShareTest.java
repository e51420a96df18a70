package com.fleetlink.bench.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bare writer's share of the ingestion's CPU, from the churn legs and the floor legs of one run. */
class WriterFloorShareTest {
    private static final List<Map<String, Object>> ATTACHED = List.of(
            Map.of("handshakes", 1400L, "wallSeconds", 10.0, "ingestionCpuSeconds", 2.0),
            Map.of("handshakes", 1500L, "wallSeconds", 10.0, "ingestionCpuSeconds", 2.5),
            Map.of("handshakes", 1600L, "wallSeconds", 10.0, "ingestionCpuSeconds", 3.0));
    private static final Map<String, Object> FLOOR = Map.of(
            "hopWriterMicrosPerLine", new Spread(new double[] {60.0, 25.0, 40.0}).toJson("legs"));

    @Test
    void of_takesTheBareWritersCheapestLeg_atTheAttachedLegsLinesASecond_overTheirCpuASecond() {
        Map<String, Object> m = WriterFloorShare.of(ATTACHED, 60.0, FLOOR);

        // 2 lines a handshake at the median 150 handshakes/s; 0.25 CPU-s a second; 25 µs × 300 lines/s = 7.5 ms/s.
        assertThat(m.get("linesPerSecond")).isEqualTo(300.0);
        assertThat(m.get("ingestionCpuSecondsPerSecond")).isEqualTo(0.25);
        assertThat(m.get("bareWriterMicrosPerLine")).isEqualTo(25.0);
        assertThat(m.get("registryThreadsMicrosPerLine")).isEqualTo(30.0);
        assertThat(m.get("registryThreadsToBareWriter")).isEqualTo(1.2);
        assertThat(m.get("bareWriterShare")).isEqualTo(0.03);
        assertThat(m).containsKey("hopWriterMicrosPerLine");
    }
}
