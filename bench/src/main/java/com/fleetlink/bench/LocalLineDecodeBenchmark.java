package com.fleetlink.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.protocol.local.LocalMessage.Register;
import com.fleetlink.protocol.local.LocalMessage.Unregister;
import com.fleetlink.protocol.local.LocalProtocolCodec;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The sidecar's per-line decode of the local protocol's hot lines, one {@code register} and one
 * {@code unregister} as the ingestion encodes them, against the same run's baseline: Jackson
 * building a tree of the same bytes ({@code treeOnly}), which the codec used to do for every line
 * before reading any field. The score is lines per second.
 *
 * <p>Run it alone with {@code java -jar bench/target/benchmarks.jar LocalLineDecodeBenchmark}
 * ({@code -prof gc} adds the bytes allocated per line).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public class LocalLineDecodeBenchmark {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[][] LINES = {
        withoutNewline(new Register("356307042441013", 123_456, 1_764_000_000_000L, 98_765)),
        withoutNewline(new Unregister("356307042441013", 123_456, 1_764_000_000_500L, 98_766, "idle")),
    };

    @Benchmark
    @OperationsPerInvocation(2)
    public void codec(Blackhole out) {
        for (byte[] line : LINES) {
            out.consume(LocalProtocolCodec.decode(line, 0, line.length));
        }
    }

    @Benchmark
    @OperationsPerInvocation(2)
    public void treeOnly(Blackhole out) throws IOException {
        for (byte[] line : LINES) {
            out.consume(MAPPER.readTree(line, 0, line.length));
        }
    }

    /** The decoder is handed lines without their newline, as the sidecar's socket reader splits them. */
    private static byte[] withoutNewline(LocalMessage message) {
        byte[] line = LocalProtocolCodec.encode(message);
        return Arrays.copyOf(line, line.length - 1);
    }
}
