package com.fleetlink.bench;

import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.teltonika.Crc16Ibm;
import com.fleetlink.ingestion.teltonika.TeltonikaPacketParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
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
 * The ways of computing CRC-16/IBM that were measured before {@link Crc16Ibm} settled on one: table
 * slicing by 1, 4, 8 and 16 bytes, reading the block either as one little-endian {@code int} or
 * {@code long} through a {@code VarHandle} and shifting the bytes out, or as single bytes. All run
 * over the data part of the same 20-record Codec 8 Extended frame as {@link FrameDecodeBenchmark},
 * and the score is records per second like there.
 *
 * <p>Run it alone with {@code java -jar bench/target/benchmarks.jar CrcSlicingBenchmark}. The
 * variants are written out rather than parameterised because the point is what the JIT makes of
 * each loop.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public class CrcSlicingBenchmark {
    private static final int RECORDS = 20;
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    // Constant fields, as in Crc16Ibm: a table per field keeps each lookup a single array access.
    private static final int[][] TABLES = tables(16);
    private static final int[] T0 = TABLES[0];
    private static final int[] T1 = TABLES[1];
    private static final int[] T2 = TABLES[2];
    private static final int[] T3 = TABLES[3];
    private static final int[] T4 = TABLES[4];
    private static final int[] T5 = TABLES[5];
    private static final int[] T6 = TABLES[6];
    private static final int[] T7 = TABLES[7];
    private static final int[] T8 = TABLES[8];
    private static final int[] T9 = TABLES[9];
    private static final int[] T10 = TABLES[10];
    private static final int[] T11 = TABLES[11];
    private static final int[] T12 = TABLES[12];
    private static final int[] T13 = TABLES[13];
    private static final int[] T14 = TABLES[14];
    private static final int[] T15 = TABLES[15];

    private byte[] data;
    private ByteBuf direct;

    /** {@code k} tables; table {@code j} holds the register after a byte followed by {@code j} zero bytes. */
    private static int[][] tables(int k) {
        int[][] t = new int[k][256];
        for (int i = 0; i < 256; i++) {
            int crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
            t[0][i] = crc;
        }
        for (int j = 1; j < k; j++) {
            for (int i = 0; i < 256; i++) {
                t[j][i] = (t[j - 1][i] >>> 8) ^ t[0][t[j - 1][i] & 0xFF];
            }
        }
        return t;
    }

    @Setup(Level.Trial)
    public void prepare() {
        byte[] frame = SampleFrames.frame(Codec.CODEC_8_EXTENDED, RECORDS);
        data = Arrays.copyOfRange(frame, TeltonikaPacketParser.HEADER_LENGTH, frame.length - TeltonikaPacketParser.CRC_LENGTH);
        ByteBuf whole = PooledByteBufAllocator.DEFAULT.directBuffer(frame.length).writeBytes(frame);
        direct = whole.retainedSlice(TeltonikaPacketParser.HEADER_LENGTH, data.length);
        whole.release();
        // Every variant must agree with the byte-at-a-time loop, or its speed means nothing.
        int expected = byteAtATime();
        int[] all = {by4IntReads(), by8LongReads(), by16LongReads(), by8ByteReads(), by16ByteReads(),
                library(), directLongLeReads(), directLibrary()};
        for (int crc : all) {
            if (crc != expected) {
                throw new IllegalStateException("a variant disagrees: " + Arrays.toString(all) + " against " + expected);
            }
        }
    }

    @TearDown(Level.Trial)
    public void release() {
        direct.release();
    }

    /** The textbook loop: every lookup waits on the one before. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public int byteAtATime() {
        byte[] d = data;
        int crc = 0;
        for (byte b : d) {
            crc = (crc >>> 8) ^ T0[(crc ^ b) & 0xFF];
        }
        return crc;
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public int by4IntReads() {
        byte[] d = data;
        int crc = 0;
        int i = 0;
        for (; i < d.length - 3; i += 4) {
            int v = (int) INT_LE.get(d, i) ^ crc;
            crc = T3[v & 0xFF] ^ T2[(v >>> 8) & 0xFF] ^ T1[(v >>> 16) & 0xFF] ^ T0[v >>> 24];
        }
        return tail(crc, d, i);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public int by8LongReads() {
        byte[] d = data;
        int crc = 0;
        int i = 0;
        for (; i < d.length - 7; i += 8) {
            long v = (long) LONG_LE.get(d, i);
            int independent = T5[(int) (v >>> 16) & 0xFF] ^ T4[(int) (v >>> 24) & 0xFF]
                    ^ T3[(int) (v >>> 32) & 0xFF] ^ T2[(int) (v >>> 40) & 0xFF]
                    ^ T1[(int) (v >>> 48) & 0xFF] ^ T0[(int) (v >>> 56)];
            int first = (int) v ^ crc;
            crc = independent ^ (T7[first & 0xFF] ^ T6[(first >>> 8) & 0xFF]);
        }
        return tail(crc, d, i);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public int by16LongReads() {
        byte[] d = data;
        int crc = 0;
        int i = 0;
        for (; i < d.length - 15; i += 16) {
            long v = (long) LONG_LE.get(d, i);
            long w = (long) LONG_LE.get(d, i + 8);
            crc = by16(crc, v, w);
        }
        return tail(crc, d, i);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public int by8ByteReads() {
        byte[] d = data;
        int crc = 0;
        int i = 0;
        for (; i < d.length - 7; i += 8) {
            int independent = T5[d[i + 2] & 0xFF] ^ T4[d[i + 3] & 0xFF] ^ T3[d[i + 4] & 0xFF]
                    ^ T2[d[i + 5] & 0xFF] ^ T1[d[i + 6] & 0xFF] ^ T0[d[i + 7] & 0xFF];
            crc = independent ^ (T7[(d[i] ^ crc) & 0xFF] ^ T6[(d[i + 1] ^ (crc >>> 8)) & 0xFF]);
        }
        return tail(crc, d, i);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public int by16ByteReads() {
        byte[] d = data;
        int crc = 0;
        int i = 0;
        for (; i < d.length - 15; i += 16) {
            int independent = T13[d[i + 2] & 0xFF] ^ T12[d[i + 3] & 0xFF] ^ T11[d[i + 4] & 0xFF]
                    ^ T10[d[i + 5] & 0xFF] ^ T9[d[i + 6] & 0xFF] ^ T8[d[i + 7] & 0xFF]
                    ^ T7[d[i + 8] & 0xFF] ^ T6[d[i + 9] & 0xFF] ^ T5[d[i + 10] & 0xFF]
                    ^ T4[d[i + 11] & 0xFF] ^ T3[d[i + 12] & 0xFF] ^ T2[d[i + 13] & 0xFF]
                    ^ T1[d[i + 14] & 0xFF] ^ T0[d[i + 15] & 0xFF];
            crc = independent ^ (T15[(d[i] ^ crc) & 0xFF] ^ T14[(d[i + 1] ^ (crc >>> 8)) & 0xFF]);
        }
        return tail(crc, d, i);
    }

    /** What the parser calls on a heap array. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public int library() {
        return Crc16Ibm.compute(data, 0, data.length);
    }

    /** A pooled direct slice read eight bytes per {@code getLongLE} call, without a copy. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public int directLongLeReads() {
        ByteBuf b = direct;
        int end = b.readableBytes();
        int crc = 0;
        int i = 0;
        for (; i < end - 15; i += 16) {
            crc = by16(crc, b.getLongLE(i), b.getLongLE(i + 8));
        }
        for (; i < end; i++) {
            crc = (crc >>> 8) ^ T0[(crc ^ b.getByte(i)) & 0xFF];
        }
        return crc;
    }

    /** The same slice through {@link Crc16Ibm}, which copies it into a per-thread array first. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public int directLibrary() {
        return Crc16Ibm.compute(direct, 0, direct.readableBytes());
    }

    private static int by16(int crc, long v, long w) {
        int independent = T13[(int) (v >>> 16) & 0xFF] ^ T12[(int) (v >>> 24) & 0xFF]
                ^ T11[(int) (v >>> 32) & 0xFF] ^ T10[(int) (v >>> 40) & 0xFF]
                ^ T9[(int) (v >>> 48) & 0xFF] ^ T8[(int) (v >>> 56)]
                ^ T7[(int) w & 0xFF] ^ T6[(int) (w >>> 8) & 0xFF]
                ^ T5[(int) (w >>> 16) & 0xFF] ^ T4[(int) (w >>> 24) & 0xFF]
                ^ T3[(int) (w >>> 32) & 0xFF] ^ T2[(int) (w >>> 40) & 0xFF]
                ^ T1[(int) (w >>> 48) & 0xFF] ^ T0[(int) (w >>> 56)];
        int first = (int) v ^ crc;
        return independent ^ (T15[first & 0xFF] ^ T14[(first >>> 8) & 0xFF]);
    }

    private static int tail(int crc, byte[] d, int from) {
        for (int i = from; i < d.length; i++) {
            crc = (crc >>> 8) ^ T0[(crc ^ d[i]) & 0xFF];
        }
        return crc;
    }
}
