package com.fleetlink.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fleetlink.ingestion.telemetry.AvlRecordJson;
import com.fleetlink.ingestion.telemetry.TelemetryBatch;
import com.fleetlink.ingestion.telemetry.TelemetryJsonEncoder;
import com.fleetlink.ingestion.teltonika.AvlRecord;
import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.teltonika.DecodeResult;
import com.fleetlink.ingestion.teltonika.DecodeResult.AvlPacket;
import com.fleetlink.ingestion.teltonika.TeltonikaPacketParser;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the telemetry writer spends encoding one packet's JSON Lines: the 20 records of the sample
 * Codec 8 Extended frame, decoded once from the wire (so their IO elements are read from the
 * frame's bytes as in the server), each written with its newline into an in-memory stream.
 *
 * <p><b>Unit: records per second</b> ({@code @OperationsPerInvocation(20)}). {@code jackson} is
 * the route the sinks took before, {@link AvlRecordJson} through a reused generator; {@code
 * encoder} is {@link TelemetryJsonEncoder}, the route they take now. Both in one run, so {@code
 * encoder / jackson} is a ratio that holds on a shared machine where the absolute figures do not.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public class TelemetryJsonBenchmark {
    private static final int RECORDS = 20;

    private final ByteArrayOutputStream lines = new ByteArrayOutputStream();
    private final TelemetryJsonEncoder encoder = new TelemetryJsonEncoder();
    private JsonGenerator json;
    private TelemetryBatch batch;

    @Setup(Level.Trial)
    public void prepare() throws IOException {
        DecodeResult result = TeltonikaPacketParser.parse(
                Unpooled.wrappedBuffer(SampleFrames.frame(Codec.CODEC_8_EXTENDED, RECORDS)));
        if (!(result instanceof AvlPacket packet) || packet.records().size() != RECORDS) {
            throw new IllegalStateException("sample frame does not decode to " + RECORDS + " records: " + result);
        }
        batch = new TelemetryBatch("356307042441013", 1_704_067_200_000L, packet.codec(), packet.records());
        // Set up as the JSON Lines sink set up its generator before the encoder replaced it.
        json = JsonFactory.builder().build().createGenerator(lines, JsonEncoding.UTF8);
        json.setRootValueSeparator(null);
    }

    @TearDown(Level.Trial)
    public void release() throws IOException {
        json.close();
    }

    /** Baseline: Jackson's generator, as the sinks wrote each line before. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public int jackson() throws IOException {
        lines.reset();
        for (AvlRecord r : batch.records()) {
            AvlRecordJson.writeTelemetryObject(json, batch, r);
            json.writeRaw('\n');
        }
        json.flush();
        return lines.size();
    }

    /** The hand-written bytes, as the sinks write each line now. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public int encoder() throws IOException {
        lines.reset();
        encoder.reset();
        for (AvlRecord r : batch.records()) {
            encoder.appendTelemetryObject(batch, r);
            encoder.append('\n');
        }
        encoder.writeTo(lines);
        return lines.size();
    }
}
