package com.fleetlink.ingestion.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fleetlink.ingestion.teltonika.AvlRecord;
import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.teltonika.DecodeResult;
import com.fleetlink.ingestion.teltonika.DecodeResult.AvlPacket;
import com.fleetlink.ingestion.teltonika.IoElements;
import com.fleetlink.ingestion.teltonika.RandomPackets;
import com.fleetlink.ingestion.teltonika.TeltonikaPacketParser;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/**
 * The hand-written bytes against Jackson's ({@link AvlRecordJson}, the route the sinks took before):
 * every record, decoded from the wire or built, must come out byte for byte the same, coordinates'
 * exponent notation included.
 */
class TelemetryJsonEncoderTest {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    @Property(tries = 300)
    void telemetryLines_whenRandomPacketsBuiltAndFromTheWire_thenJacksonsBytes(@ForAll("batches") List<TelemetryBatch> batches)
            throws IOException {
        // One encoder for all, as a sink keeps one: what it remembers of a batch must not leak into the next.
        TelemetryJsonEncoder encoder = new TelemetryJsonEncoder();
        ByteArrayOutputStream jackson = new ByteArrayOutputStream();
        try (JsonGenerator json = FACTORY.createGenerator(jackson, JsonEncoding.UTF8)) {
            json.setRootValueSeparator(null);
            for (TelemetryBatch batch : batches) {
                for (AvlRecord record : batch.records()) {
                    encoder.appendTelemetryObject(batch, record);
                    encoder.append('\n');
                    AvlRecordJson.writeTelemetryObject(json, batch, record);
                    json.writeRaw('\n');
                    assertSameRecordObject(record);
                }
            }
        }
        assertThat(text(encoder)).isEqualTo(jackson.toString(StandardCharsets.UTF_8));
        assertThat(encoder.toByteArray()).isEqualTo(jackson.toByteArray());
    }

    @Property(tries = 2000)
    void coordinates_whenAnyRawValue_thenJacksonsBigDecimalText(@ForAll("coordinates") int longitude,
                                                                @ForAll("coordinates") int latitude) throws IOException {
        AvlRecord record = new AvlRecord(1_700_000_000_000L, 1, longitude, latitude, -3, 90, 7, 40, 0,
                AvlRecord.NO_GENERATION_TYPE, IoElements.EMPTY);

        assertSameTelemetryObject(new TelemetryBatch("356307042441013", 1L, Codec.CODEC_8, List.of(record)), record);
    }

    @Test
    void coordinates_whenBigDecimalPrintsAnExponent_thenTheSameExponent() {
        TelemetryJsonEncoder encoder = new TelemetryJsonEncoder();
        encoder.appendRecordObject(new AvlRecord(0, 0, 100_000_000, -5, 0, 0, 0, 0, 0,
                AvlRecord.NO_GENERATION_TYPE, IoElements.EMPTY));

        assertThat(text(encoder)).contains("\"longitude\":1E+1,\"latitude\":-5E-7,");
    }

    @Test
    void telemetryObject_whenImeiNeedsEscaping_thenRefusedRatherThanWrittenAsBrokenJson() {
        AvlRecord record = new AvlRecord(0, 0, 0, 0, 0, 0, 0, 0, 0, AvlRecord.NO_GENERATION_TYPE, IoElements.EMPTY);
        TelemetryBatch batch = new TelemetryBatch("35630704\"441013", 1L, Codec.CODEC_8, List.of(record));

        assertThatThrownBy(() -> new TelemetryJsonEncoder().appendTelemetryObject(batch, record))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Packets as built and as decoded from their bytes, from a few devices and instants, so some repeat. */
    @Provide
    Arbitrary<List<TelemetryBatch>> batches() {
        Arbitrary<String> imeis = Arbitraries.strings().numeric().ofLength(15).injectDuplicates(0.5);
        Arbitrary<Long> receivedAt = Arbitraries.longs().injectDuplicates(0.5);
        return Combinators.combine(imeis, receivedAt, RandomPackets.avlPackets(4), Arbitraries.of(true, false))
                .as((imei, at, packet, fromWire) -> new TelemetryBatch(imei, at, packet.codec(),
                        (fromWire ? decoded(packet) : packet).records()))
                .list().ofMinSize(1).ofMaxSize(5);
    }

    private static AvlPacket decoded(AvlPacket packet) {
        DecodeResult decoded = TeltonikaPacketParser.parse(Unpooled.wrappedBuffer(RandomPackets.encode(packet)));
        assertThat(decoded).isInstanceOf(AvlPacket.class);
        return (AvlPacket) decoded;
    }

    /** Any int, weighted toward the values whose stripped BigDecimal text is an exponent or has no fraction. */
    @Provide
    Arbitrary<Integer> coordinates() {
        Arbitrary<Integer> roundOnes = Combinators.combine(
                        Arbitraries.integers().between(-21, 21), Arbitraries.integers().between(0, 9))
                .as((digit, power) -> (int) Math.max(Integer.MIN_VALUE,
                        Math.min(Integer.MAX_VALUE, digit * (long) Math.pow(10, power))));
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers()),
                Tuple.of(3, roundOnes),
                Tuple.of(1, Arbitraries.integers().between(-12, 12)));
    }

    private static void assertSameTelemetryObject(TelemetryBatch batch, AvlRecord record) throws IOException {
        TelemetryJsonEncoder encoder = new TelemetryJsonEncoder();
        encoder.appendTelemetryObject(batch, record);

        ByteArrayOutputStream jackson = new ByteArrayOutputStream();
        try (JsonGenerator json = FACTORY.createGenerator(jackson, JsonEncoding.UTF8)) {
            AvlRecordJson.writeTelemetryObject(json, batch, record);
        }
        assertThat(text(encoder)).isEqualTo(jackson.toString(StandardCharsets.UTF_8));
        assertThat(encoder.toByteArray()).isEqualTo(jackson.toByteArray());
    }

    private static void assertSameRecordObject(AvlRecord record) throws IOException {
        TelemetryJsonEncoder encoder = new TelemetryJsonEncoder();
        encoder.appendRecordObject(record);

        ByteArrayOutputStream jackson = new ByteArrayOutputStream();
        try (JsonGenerator json = FACTORY.createGenerator(jackson, JsonEncoding.UTF8)) {
            json.writeStartObject();
            AvlRecordJson.writeFields(json, record);
            json.writeEndObject();
        }
        assertThat(encoder.toByteArray()).isEqualTo(jackson.toByteArray());
    }

    private static String text(TelemetryJsonEncoder encoder) {
        return new String(encoder.toByteArray(), StandardCharsets.UTF_8);
    }
}
