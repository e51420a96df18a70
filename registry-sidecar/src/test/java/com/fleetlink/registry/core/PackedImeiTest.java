package com.fleetlink.registry.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Every IMEI the local protocol accepts packs into a long and back unchanged, leading zeros included. */
class PackedImeiTest {

    @Test
    void everyFifteenDigitStringRoundTrips_leadingZerosIncluded() {
        List<String> edges = List.of("000000000000000", "000000000000001", "012345678901234", "100000000000000",
                "999999999999999", "350000000000000", "000000000000010");
        for (String imei : edges) {
            assertThat(PackedImei.unpack(PackedImei.pack(imei))).as(imei).isEqualTo(imei);
        }
        SplittableRandom random = new SplittableRandom(14);
        for (int i = 0; i < 100_000; i++) {
            StringBuilder imei = new StringBuilder(15);
            // Leading zeros often: the first digits are zero in about half the draws.
            int zeros = random.nextBoolean() ? random.nextInt(15) : 0;
            for (int d = 0; d < 15; d++) {
                imei.append(d < zeros ? '0' : (char) ('0' + random.nextInt(10)));
            }
            assertThat(PackedImei.unpack(PackedImei.pack(imei.toString()))).isEqualTo(imei.toString());
        }
    }

    @Test
    void differentImeisPackDifferently() {
        assertThat(PackedImei.pack("012345678901234")).isNotEqualTo(PackedImei.pack("123456789012340"));
        assertThat(PackedImei.pack("000000000000001")).isNotEqualTo(PackedImei.pack("100000000000000"));
    }

    @Test
    void whatIsNotAnImei_packsToNone() {
        for (String notImei : new String[] {null, "", "12345678901234", "1234567890123456", "35000000000000a",
                "+35000000000000", "-35000000000000", " 35000000000000", "３50000000000000"}) {
            assertThat(PackedImei.pack(notImei)).as("%s", notImei).isEqualTo(PackedImei.NONE);
        }
    }
}
