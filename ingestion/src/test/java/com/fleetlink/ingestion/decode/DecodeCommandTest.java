package com.fleetlink.ingestion.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetlink.ingestion.IngestionMain;
import com.fleetlink.protocol.cli.ExitCodes;
import com.fleetlink.protocol.cli.StandardCommandLine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ingestion decode --hex ...} run through picocli as the jar runs it, reading what it prints. */
class DecodeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** What one run printed and returned. */
    private record Run(int exitCode, String stdout) {
        List<JsonNode> lines() throws Exception {
            List<JsonNode> nodes = new ArrayList<>();
            for (String line : stdout.split("\n")) {
                nodes.add(JSON.readTree(line));
            }
            return nodes;
        }
    }

    private static Run decode(String... hexFrames) {
        List<String> args = new ArrayList<>(List.of("decode"));
        for (String hex : hexFrames) {
            args.add("--hex");
            args.add(hex);
        }
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int exit = StandardCommandLine.of(new IngestionMain()).execute(args.toArray(String[]::new));
            return new Run(exit, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void decode_whenCodec8Frame_thenPrintsExactlyTheDocumentedFields() throws Exception {
        Run run = decode(SharedVectors.wiki("W19"));

        JsonNode packet = run.lines().get(0);
        assertThat(packet.fieldNames()).toIterable().containsExactly("codec", "records");
        assertThat(packet.get("codec").asText()).isEqualTo("08");
        assertThat(packet.get("records")).hasSize(1);
        JsonNode record = packet.get("records").get(0);
        assertThat(record.fieldNames()).toIterable().containsExactly("timestamp", "priority", "longitude",
                "latitude", "altitude", "angle", "satellites", "speed", "eventId", "generationType", "io");
        assertThat(record.get("timestamp").asLong()).isEqualTo(1_374_042_849_140L);
        assertThat(record.get("altitude").asInt()).isEqualTo(148);
        assertThat(record.get("satellites").asInt()).isEqualTo(18);
        assertThat(record.get("io")).hasSize(30);
        assertThat(record.get("io").get("241").asLong()).isEqualTo(24_602);
    }

    @Test
    void decode_whenCoordinatesPrinted_thenDecimalDegreeNumbers() throws Exception {
        Run run = decode(SharedVectors.wiki("W19"));

        JsonNode record = run.lines().get(0).get("records").get(0);
        assertThat(record.get("longitude").isNumber()).isTrue();
        assertThat(record.get("longitude").decimalValue()).isEqualByComparingTo(new BigDecimal("25.2618832"));
        assertThat(record.get("latitude").decimalValue()).isEqualByComparingTo(new BigDecimal("54.6990336"));
        // The literal text matters to whoever reads the output: no binary-float noise, no quotes.
        assertThat(run.stdout()).contains("\"longitude\":25.2618832", "\"latitude\":54.6990336");
    }

    @Test
    void decode_whenCoordinatesNegative_thenSignedDecimalDegrees() throws Exception {
        // A capture south of the equator: latitude is a negative two's-complement value on the wire.
        Run run = decode(SharedVectors.captureDecodedAs("lat=-27.4388733"));

        JsonNode record = run.lines().get(0).get("records").get(0);
        assertThat(record.get("latitude").decimalValue()).isEqualByComparingTo(new BigDecimal("-27.4388733"));
        assertThat(record.get("longitude").decimalValue()).isEqualByComparingTo(new BigDecimal("153.080315"));
    }

    @Test
    void decode_whenCapturedFrameHasEightByteIo_thenPrintsItsExactDecimalAsString() throws Exception {
        // A tracker's iButton id (IO 78, 8 bytes) captured from a device: 72069690697717651 is above 2^53,
        // so a reader parsing a JSON number as a double would get 72069690697717648.
        Run run = decode(SharedVectors.captureDecodedAs("t=2017-01-06T11:34:59.000Z"));

        JsonNode records = run.lines().get(0).get("records");
        assertThat(records.get(0).get("io").get("78").textValue()).isEqualTo("0");
        assertThat(records.get(1).get("io").get("78").textValue()).isEqualTo("72069690697717651");
        assertThat(run.stdout()).contains("\"io\":{\"78\":\"72069690697717651\"}");
    }

    @Test
    void decode_whenCodec12Response_thenPrintsCodecTypeAndText() throws Exception {
        Run run = decode(SharedVectors.wiki("W13"));

        JsonNode message = run.lines().get(0);
        assertThat(message.fieldNames()).toIterable().containsExactly("codec", "type", "text");
        assertThat(message.get("codec").asText()).isEqualTo("0C");
        assertThat(message.get("type").asInt()).isEqualTo(6);
        assertThat(message.get("text").asText()).isEqualTo("DI1:1 DI2:0 DI3:0 AIN1:0 AIN2:16924 DO1:0 DO2:1");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void decode_whenCodec13And14Messages_thenPrintsTheirTimestampAndImei() throws Exception {
        Run run = decode(SharedVectors.wiki("W14b"), SharedVectors.wiki("W16"));

        JsonNode timestamped = run.lines().get(0);
        assertThat(timestamped.fieldNames()).toIterable().containsExactly("codec", "type", "timestamp", "text");
        assertThat(timestamped.get("codec").asText()).isEqualTo("0D");
        assertThat(timestamped.get("timestamp").asLong()).isEqualTo(0x16c);
        JsonNode addressed = run.lines().get(1);
        assertThat(addressed.fieldNames()).toIterable().containsExactly("codec", "type", "imei", "text");
        assertThat(addressed.get("codec").asText()).isEqualTo("0E");
        assertThat(addressed.get("imei").asText()).isEqualTo("352093081452251");
        assertThat(addressed.get("text").asText()).startsWith("Ver:03.18.14_04");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void decode_whenFrameIsBad_thenPrintsErrorAndExits1() throws Exception {
        // W24 is a published example whose CRC does not check out.
        Run run = decode(SharedVectors.wiki("W02"), SharedVectors.wiki("W24"));

        List<JsonNode> lines = run.lines();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).has("records")).isTrue();
        assertThat(lines.get(1).fieldNames()).toIterable().containsExactly("error");
        assertThat(lines.get(1).get("error").asText()).contains("bad_crc");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE).isEqualTo(1);
    }

    @Test
    void decode_whenAllFramesGood_thenOneObjectPerFrameAndExits0() throws Exception {
        Run run = decode(SharedVectors.wiki("W02"), SharedVectors.wiki("W06"), SharedVectors.wiki("W08"), SharedVectors.wiki("W11"));

        assertThat(run.lines()).extracting(node -> node.get("codec").asText()).containsExactly("08", "8E", "10", "0C");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK).isZero();
    }
}
