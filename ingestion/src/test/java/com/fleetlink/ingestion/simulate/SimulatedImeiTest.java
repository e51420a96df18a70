package com.fleetlink.ingestion.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fleetlink.ingestion.server.ImeiPolicy;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatedImeiTest {
    private static final ImeiPolicy LUHN = new ImeiPolicy(true);

    @Test
    void of_whenGivenDeviceNumbers_thenDistinctImeisTheServerAcceptsEvenWithLuhn() {
        Set<String> seen = new HashSet<>();
        for (int i : new int[] {0, 1, 2, 9, 10, 99, 12_345, 999_999}) {
            String imei = SimulatedImei.of(i);
            assertThat(LUHN.rejection(imei)).as(imei).isNull();
            assertThat(seen.add(imei)).as(imei).isTrue();
        }
        for (int i = 0; i < 10_000; i++) {
            assertThat(LUHN.rejection(SimulatedImei.of(i))).isNull();
        }
    }

    @Test
    void of_whenTheNumberDoesNotFitSixDigits_thenRefused() {
        assertThatThrownBy(() -> SimulatedImei.of(SimulatedImei.MAX_DEVICES)).isInstanceOf(IllegalArgumentException.class);
    }
}
