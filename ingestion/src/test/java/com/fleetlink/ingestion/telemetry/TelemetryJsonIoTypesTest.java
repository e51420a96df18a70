package com.fleetlink.ingestion.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetlink.ingestion.teltonika.AvlRecord;
import com.fleetlink.ingestion.teltonika.IoElements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The IO part of a record's JSON as the sinks write it: which widths come out as numbers and which as decimal strings. */
class TelemetryJsonIoTypesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 2^53: above it a double, which is how JavaScript and Directus read JSON numbers, skips integers. */
    private static final long DOUBLE_EXACT_LIMIT = 1L << 53;

    /** The JSON text of a record holding only these IO elements. */
    private static String json(IoElements io) {
        AvlRecord record = new AvlRecord(1_700_000_000_000L, 0, 252_618_832, 546_990_336, 148, 90, 12, 40, 0,
                AvlRecord.NO_GENERATION_TYPE, io);
        TelemetryJsonEncoder encoder = new TelemetryJsonEncoder();
        encoder.appendRecordObject(record);
        return new String(encoder.toByteArray(), StandardCharsets.US_ASCII);
    }

    private static JsonNode io(String json) throws IOException {
        return JSON.readTree(json).get("io");
    }

    @Test
    void io_whenEightByteValueAbove2To53_thenStringOfItsExactDecimal() throws IOException {
        long iccidLike = 8_937_000_000_000_000_004L;
        assertThat(iccidLike).isGreaterThan(DOUBLE_EXACT_LIMIT);
        assertThat((long) (double) iccidLike).as("what a double reader would see").isNotEqualTo(iccidLike);

        String json = json(IoElements.builder(1).add(11, 8, iccidLike).build());

        assertThat(json).contains("\"11\":\"8937000000000000004\"");
        assertThat(io(json).get("11").isTextual()).isTrue();
    }

    @Test
    void io_whenEightByteValueHasItsTopBitSet_thenStringOfItsUnsignedDecimal() throws IOException {
        String json = json(IoElements.builder(1).add(78, 8, 0xFFFF_FFFF_FFFF_FFFCL).build());

        assertThat(io(json).get("78").textValue()).isEqualTo("18446744073709551612");
    }

    @Test
    void io_whenEightByteValueIsSmall_thenStillAString_soTheFieldsTypeNeverDependsOnItsValue() throws IOException {
        String json = json(IoElements.builder(2).add(16, 8, 0).add(199, 8, 52_191).build());

        assertThat(io(json).get("16").textValue()).isEqualTo("0");
        assertThat(io(json).get("199").textValue()).isEqualTo("52191");
    }

    @Test
    void io_whenOneTwoOrFourByteValue_thenUnsignedJsonNumber() throws IOException {
        String json = json(IoElements.builder(3).add(239, 1, 0xFF).add(66, 2, 0xFFFF).add(241, 4, 0xFFFF_FFFFL).build());

        JsonNode io = io(json);
        assertThat(io.get("239").isIntegralNumber()).isTrue();
        assertThat(io.get("239").asLong()).isEqualTo(255);
        assertThat(io.get("66").isIntegralNumber()).isTrue();
        assertThat(io.get("66").asLong()).isEqualTo(65_535);
        assertThat(io.get("241").isIntegralNumber()).isTrue();
        assertThat(io.get("241").asLong()).isEqualTo(4_294_967_295L);
    }
}
