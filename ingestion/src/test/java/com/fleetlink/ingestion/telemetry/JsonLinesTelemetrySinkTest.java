package com.fleetlink.ingestion.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.testkit.Packets;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON Lines sink: the line format, when its stages complete, and what it does when full or closed. */
class JsonLinesTelemetrySinkTest {
    private static final String IMEI = "356307042441013";
    private static final long RECEIVED_AT = 1_700_000_123_456L;
    private static final long TIMEOUT_SECONDS = 5;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @TempDir
    Path dir;

    private static TelemetryBatch batch(Codec codec, int records) {
        return new TelemetryBatch(IMEI, RECEIVED_AT, codec, Packets.records(codec, records));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void lines_whenBatchWritten_thenOneJsonObjectPerRecordWithImeiReceivedAtCodecAndRecordFields() throws Exception {
        Path file = dir.resolve("telemetry.jsonl");
        try (JsonLinesTelemetrySink sink = JsonLinesTelemetrySink.toFile(file, 16)) {
            sink.accept(batch(Codec.CODEC_8_EXTENDED, 2)).toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        List<String> lines = lines(file);
        assertThat(lines).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode line = JSON.readTree(lines.get(i));
            assertThat(line.fieldNames()).toIterable().containsExactly("imei", "receivedAt", "codec", "timestamp",
                    "priority", "longitude", "latitude", "altitude", "angle", "satellites", "speed", "eventId",
                    "generationType", "io");
            assertThat(line.get("imei").asText()).isEqualTo(IMEI);
            assertThat(line.get("receivedAt").asLong()).isEqualTo(RECEIVED_AT);
            assertThat(line.get("codec").asText()).isEqualTo("8E");
            assertThat(line.get("timestamp").asLong()).isEqualTo(1_700_000_000_000L + i * 1_000L);
            assertThat(line.get("longitude").decimalValue()).isEqualByComparingTo(new BigDecimal("25.2618832"));
            assertThat(line.get("latitude").decimalValue()).isEqualByComparingTo(new BigDecimal("54.6990336"));
            assertThat(line.get("angle").asInt()).isEqualTo(90 + i);
            assertThat(line.get("speed").asInt()).isEqualTo(40 + i);
            assertThat(line.get("generationType").isNull()).isTrue();
            assertThat(line.get("io").get("66").asLong()).isEqualTo(12_345 + i);
            assertThat(line.get("io").get("16").textValue()).as("8-byte IO").isEqualTo(Long.toString(1_000_000L + i));
            assertThat(line.get("io").get("385").asText()).isEqualTo(String.format("0a0b%02x", i));
        }
    }

    @Test
    void accept_whenStageCompletes_thenLineIsAlreadyInFile() throws Exception {
        Path file = dir.resolve("telemetry.jsonl");
        try (JsonLinesTelemetrySink sink = JsonLinesTelemetrySink.toFile(file, 16)) {
            // Read the file at the moment the stage completes, before close() could flush anything.
            List<String> atCompletion = sink.accept(batch(Codec.CODEC_8, 1)).toCompletableFuture()
                    .thenApply(done -> lines(file))
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

            assertThat(atCompletion).singleElement().asString().contains("\"imei\":\"" + IMEI + "\"");
        }
    }

    @Test
    void close_whenBatchesStillQueued_thenWritesThemAllOut() throws Exception {
        Path file = dir.resolve("telemetry.jsonl");
        int batches = 300;
        List<CompletableFuture<Void>> stages = new ArrayList<>();
        JsonLinesTelemetrySink sink = JsonLinesTelemetrySink.toFile(file, batches);
        for (int i = 0; i < batches; i++) {
            stages.add(sink.accept(batch(Codec.CODEC_16, 1)).toCompletableFuture());
        }

        sink.close();

        assertThat(stages).allSatisfy(stage -> assertThat(stage).isCompletedWithValue(null));
        assertThat(lines(file)).hasSize(batches);
    }

    @Test
    void accept_whenQueueFull_thenRefusesAtOnceWithSinkOverloaded() throws Exception {
        // Only the stdout sink lets a test hand it a stream; a stalled stream holds the writer thread
        // still, so the queue fills deterministically. The queue logic is the same for files.
        PrintStream originalOut = System.out;
        GateOutputStream stalled = new GateOutputStream();
        System.setOut(new PrintStream(stalled, false));
        JsonLinesTelemetrySink sink = null;
        try {
            sink = JsonLinesTelemetrySink.toStdout(1);
            CompletableFuture<Void> beingWritten = sink.accept(batch(Codec.CODEC_8, 1)).toCompletableFuture();
            stalled.awaitWriterBlocked(Duration.ofSeconds(TIMEOUT_SECONDS));
            CompletableFuture<Void> queued = sink.accept(batch(Codec.CODEC_8, 1)).toCompletableFuture();

            JsonLinesTelemetrySink full = sink;
            CompletionStage<Void> refused = assertTimeoutPreemptively(Duration.ofSeconds(1),
                    () -> full.accept(batch(Codec.CODEC_8, 1)));

            assertThat(refused.toCompletableFuture()).isCompletedExceptionally();
            assertThat(refused.toCompletableFuture()).failsWithin(Duration.ZERO)
                    .withThrowableThat().havingCause().isInstanceOf(SinkOverloadedException.class);
            assertThat(beingWritten).isNotDone();
            assertThat(queued).isNotDone();

            stalled.open();
            CompletableFuture.allOf(beingWritten, queued).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } finally {
            stalled.open();
            if (sink != null) {
                sink.close();
            }
            System.setOut(originalOut);
        }
        assertThat(stalled.written().lines()).hasSize(2);
    }
}
