package com.fleetlink.bench;

import com.fleetlink.ingestion.telemetry.TelemetryJsonEncoder;
import com.fleetlink.ingestion.teltonika.AvlRecord;
import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.teltonika.Crc16Ibm;
import com.fleetlink.ingestion.teltonika.DecodeResult;
import com.fleetlink.ingestion.teltonika.DecodeResult.AvlPacket;
import com.fleetlink.ingestion.teltonika.TeltonikaPacketParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the server spends per frame once the frame decoder has cut it out: {@link
 * TeltonikaPacketParser#parse}, CRC check included, on a retained slice of a pooled buffer, the
 * same kind of buffer the frame decoder hands on.
 *
 * <p><b>Unit: records per second.</b> Every method's score is ops/s where one op is one record:
 * the 20-record methods carry {@code @OperationsPerInvocation(20)}, so their scores are frames/s ×
 * 20. The {@code crcOnly} and {@code copyOnly} methods are baselines over the very same bytes,
 * measured in the same run, so {@code parse / crcOnly} and {@code parse / copyOnly} are ratios
 * that hold on a noisy shared machine where the absolute figures do not. {@code parseAndWriteJson}
 * adds what every sink then does with each record, so that work the decoder leaves to the
 * record's readers shows up somewhere.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public class FrameDecodeBenchmark {
    private static final int EXTENDED_RECORDS = 20;

    /** {@code direct} is what the server receives; {@code heap} shows what the array fast paths are worth. */
    @Param({"direct", "heap"})
    public String buffer;

    private ByteBuf extended;
    private ByteBuf single;
    private byte[] scratch;
    private final TelemetryJsonEncoder json = new TelemetryJsonEncoder();

    @Setup(Level.Trial)
    public void prepare() throws IOException {
        extended = pooledSlice(SampleFrames.frame(Codec.CODEC_8_EXTENDED, EXTENDED_RECORDS));
        single = pooledSlice(SampleFrames.frame(Codec.CODEC_8, 1));
        scratch = new byte[Math.max(extended.readableBytes(), single.readableBytes())];
        // A frame the parser rejects would measure the reject path, which is not the question.
        expectRecords(extended, EXTENDED_RECORDS);
        expectRecords(single, 1);
    }

    @TearDown(Level.Trial)
    public void release() {
        extended.release();
        single.release();
    }

    private ByteBuf pooledSlice(byte[] frame) {
        PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
        ByteBuf whole = "heap".equals(buffer) ? alloc.heapBuffer(frame.length) : alloc.directBuffer(frame.length);
        whole.writeBytes(frame);
        // The frame decoder passes on readRetainedSlice(...) of its cumulation buffer; so do we.
        ByteBuf slice = whole.retainedSlice();
        whole.release();
        return slice;
    }

    private static void expectRecords(ByteBuf frame, int records) {
        DecodeResult result = TeltonikaPacketParser.parse(frame);
        if (!(result instanceof AvlPacket packet) || packet.records().size() != records) {
            throw new IllegalStateException("sample frame does not decode to " + records + " records: " + result);
        }
    }

    /** Codec 8 Extended, 20 records of ~10 IO elements and one NX value each. */
    @Benchmark
    @OperationsPerInvocation(EXTENDED_RECORDS)
    public DecodeResult codec8e20Records_parse() {
        return TeltonikaPacketParser.parse(extended);
    }

    /** The same frame decoded and each record's object written as the sinks write it ({@link TelemetryJsonEncoder}). */
    @Benchmark
    @OperationsPerInvocation(EXTENDED_RECORDS)
    public void codec8e20Records_parseAndWriteJson() {
        // The encoder is this state's field, so what it appends is kept and JMH cannot drop the work.
        json.reset();
        for (AvlRecord r : ((AvlPacket) TeltonikaPacketParser.parse(extended)).records()) {
            json.appendRecordObject(r);
        }
    }

    /** Baseline: the CRC over the same frame's data part, which parse also computes. */
    @Benchmark
    @OperationsPerInvocation(EXTENDED_RECORDS)
    public int codec8e20Records_crcOnly() {
        return crcOfData(extended);
    }

    /** Baseline: copying the same frame into a byte array, the least any decoder must do. */
    @Benchmark
    @OperationsPerInvocation(EXTENDED_RECORDS)
    public byte[] codec8e20Records_copyOnly() {
        extended.getBytes(extended.readerIndex(), scratch, 0, extended.readableBytes());
        return scratch;
    }

    /** Codec 8, one record: the common case of a device reporting every few seconds. */
    @Benchmark
    public DecodeResult codec8OneRecord_parse() {
        return TeltonikaPacketParser.parse(single);
    }

    /** Baseline: the CRC over the same frame's data part. */
    @Benchmark
    public int codec8OneRecord_crcOnly() {
        return crcOfData(single);
    }

    /** Baseline: copying the same frame into a byte array. */
    @Benchmark
    public byte[] codec8OneRecord_copyOnly() {
        single.getBytes(single.readerIndex(), scratch, 0, single.readableBytes());
        return scratch;
    }

    private static int crcOfData(ByteBuf frame) {
        int dataStart = frame.readerIndex() + TeltonikaPacketParser.HEADER_LENGTH;
        int dataLength = frame.readableBytes() - TeltonikaPacketParser.HEADER_LENGTH - TeltonikaPacketParser.CRC_LENGTH;
        return Crc16Ibm.compute(frame, dataStart, dataLength);
    }
}
