package com.fleetlink.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The report's rows for the handshake flood, from a result written by hand. */
class HandshakeFloodSectionTest {

    private static Row row(int figure, String result) throws Exception {
        return SectionRows.row(new HandshakeFloodSection(), figure, result);
    }

    private static String result(int admitted, long peak) {
        return """
                {"floodSockets":6000,"maxHandshaking":5000,"maxConnections":50000,"openBound":55000,
                 "baseline":{"devices":24,"admitted":24,"admittedRatio":1.0,"handshakeP50Ms":2.0,"handshakeP99Ms":10.0,"peakOpen":2},
                 "flood":{"devices":24,"admitted":%d,"admittedRatio":%s,"handshakeP50Ms":30.0,"handshakeP99Ms":250.0,
                          "peakOpen":%d,"floodReopensPerSecond":1500.0},
                 "floodAddressCap":{"devices":24,"admitted":24,"admittedRatio":1.0,"handshakeP50Ms":4.0,"handshakeP99Ms":20.0,
                          "peakOpen":2300,"floodReopensPerSecond":1800.0}}"""
                .formatted(admitted, Double.toString(admitted / 24.0), peak);
    }

    @Test
    void admitted_whenEveryDeviceGotIn_thenPassesWithTheLatencyAgainstTheBaseline() throws Exception {
        Row row = row(0, result(24, 5200));

        assertThat(row.value()).isEqualTo("100.0 % (24 of 24; 6,000 silent sockets vs `--max-handshaking 5,000`, 1,500 re-opens/s)");
        assertThat(row.ratio()).isEqualTo("1.05 × target; handshake p50 30.00 ms = 15.0 ×, p99 250.00 ms = 25.0 × without the flood");
        assertThat(row.verdict()).isEqualTo("pass");
    }

    @Test
    void admitted_whenFewerThan95PercentGotIn_thenFails() throws Exception {
        assertThat(row(0, result(22, 5200)).verdict()).startsWith("fail");
    }

    @Test
    void peakOpen_whenEitherFloodLegWentOverTheBound_thenFails() throws Exception {
        assertThat(row(2, result(24, 5200)).verdict()).isEqualTo("pass");
        assertThat(row(2, result(24, 56_000)).value()).isEqualTo("56,000 of 55,000");
        assertThat(row(2, result(24, 56_000)).verdict()).startsWith("fail");
    }
}
