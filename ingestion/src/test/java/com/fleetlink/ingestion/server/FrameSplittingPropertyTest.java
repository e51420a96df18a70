package com.fleetlink.ingestion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.telemetry.TelemetryBatch;
import com.fleetlink.ingestion.telemetry.TelemetrySink;
import com.fleetlink.ingestion.teltonika.DecodeResult.AvlPacket;
import com.fleetlink.ingestion.teltonika.RandomPackets;
import com.fleetlink.ingestion.teltonika.TeltonikaPacketEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * TCP delivers a device's bytes in whatever pieces it likes: the frame decoder and packet decoder
 * must give back exactly the packets that were sent, however the bytes are cut and however many
 * frames share one read, and a real server must answer each with its ACK, in order.
 *
 * <p>Lives in the server package because the two decoders are package-private.
 */
public class FrameSplittingPropertyTest {
    /** The default frame limit; the generated packets here stay below it. */
    private static final int FRAME_LIMIT = 64 * 1024;
    private static final IngestionMetrics METRICS = new IngestionMetrics();
    private static final String IMEI = "356307042441013";

    /**
     * A channel with the frame decoder and the packet decoder, as the server wires them after the
     * handshake. Public for the fuzz test in the codec's package, which cannot reach the
     * package-private handlers.
     */
    public static EmbeddedChannel decodingChannel(int maxFrameLength, IngestionMetrics metrics) {
        return new EmbeddedChannel(new TeltonikaFrameDecoder(maxFrameLength, metrics), new AvlPacketDecoder(metrics));
    }

    @Property(tries = 40)
    void decode_whenPacketSplitInTwoAtEveryByte_thenSamePacket(@ForAll("smallPackets") AvlPacket packet) {
        byte[] bytes = RandomPackets.encode(packet);
        // One channel for every cut: each frame must also leave the decoder clean for the next.
        EmbeddedChannel channel = decodingChannel(FRAME_LIMIT, METRICS);
        for (int cut = 1; cut < bytes.length; cut++) {
            assertThat(channel.writeInbound(piece(bytes, 0, cut))).as("cut %d", cut).isFalse();
            channel.writeInbound(piece(bytes, cut, bytes.length - cut));

            assertThat(drain(channel)).as("cut at byte %d of %d", cut, bytes.length).containsExactly(packet);
        }
        assertThat(channel.finish()).isFalse();
    }

    @Property(tries = 40)
    void decode_whenPacketArrivesOneByteAtATime_thenSamePacket(@ForAll("smallPackets") AvlPacket packet) {
        byte[] bytes = RandomPackets.encode(packet);
        EmbeddedChannel channel = decodingChannel(FRAME_LIMIT, METRICS);
        for (int i = 0; i < bytes.length - 1; i++) {
            channel.writeInbound(piece(bytes, i, 1));
            Object early = channel.readInbound();
            assertThat(early).as("after %d of %d bytes", i + 1, bytes.length).isNull();
        }
        channel.writeInbound(piece(bytes, bytes.length - 1, 1));

        assertThat(drain(channel)).containsExactly(packet);
        assertThat(channel.finish()).isFalse();
    }

    @Property(tries = 40)
    void decode_whenSeveralPacketsInOneBuffer_thenAllInOrder(@ForAll("backToBack") List<AvlPacket> packets) {
        EmbeddedChannel channel = decodingChannel(FRAME_LIMIT, METRICS);

        channel.writeInbound(Unpooled.wrappedBuffer(concatenate(packets)));

        assertThat(drain(channel)).containsExactlyElementsOf(packets);
        assertThat(channel.finish()).isFalse();
    }

    @Property(tries = 40)
    void decode_whenBackToBackPacketsArriveInArbitraryChunks_thenAllInOrder(
            @ForAll("backToBack") List<AvlPacket> packets, @ForAll @IntRange(min = 1, max = 2048) int chunk) {
        byte[] bytes = concatenate(packets);
        EmbeddedChannel channel = decodingChannel(FRAME_LIMIT, METRICS);
        List<Object> decoded = new ArrayList<>();

        for (int from = 0; from < bytes.length; from += chunk) {
            channel.writeInbound(piece(bytes, from, Math.min(chunk, bytes.length - from)));
            decoded.addAll(drain(channel));
        }

        assertThat(decoded).containsExactlyElementsOf(packets);
        assertThat(channel.finish()).isFalse();
    }

    @Property(tries = 8)
    void ack_whenPacketsSentBackToBackOverTcp_thenOneAckPerPacketInOrderAndSinkHasAllRecords(
            @ForAll("tcpPackets") List<AvlPacket> packets) throws Exception {
        RecordingSink sink = new RecordingSink();
        IngestionConfig defaults = IngestionConfig.defaults(0);
        // Loopback only, and room for the largest generated packet (255 records can pass 64 KiB).
        IngestionConfig config = new IngestionConfig("127.0.0.1", 0, 1 << 20, defaults.idleTimeout(),
                defaults.imeiPolicy(), defaults.maxPendingAcks(), defaults.maxBadCrcInARow(), defaults.drainTimeout());
        IngestionServer server = new IngestionServer(config, sink, new IngestionMetrics());
        server.start();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            // The read timeout is the deadline for every answer below.
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());

            out.write(handshake());
            out.flush();
            assertThat(in.readUnsignedByte()).as("handshake answer").isEqualTo(1);

            out.write(concatenate(packets));
            out.flush();
            for (int i = 0; i < packets.size(); i++) {
                assertThat(in.readInt()).as("ACK %d of %d", i + 1, packets.size())
                        .isEqualTo(packets.get(i).records().size());
            }
        } finally {
            server.stop();
        }

        assertThat(sink.batches).extracting(TelemetryBatch::imei).containsOnly(IMEI);
        assertThat(sink.batches).extracting(TelemetryBatch::codec)
                .containsExactlyElementsOf(packets.stream().map(AvlPacket::codec).toList());
        assertThat(sink.batches).extracting(TelemetryBatch::records)
                .containsExactlyElementsOf(packets.stream().map(AvlPacket::records).toList());
    }

    @Provide
    Arbitrary<AvlPacket> smallPackets() {
        // Every cut of every packet is decoded, so the work grows with the square of its size; the
        // framer never looks inside records, so a few of them exercise it fully.
        return RandomPackets.avlPackets(3);
    }

    @Provide
    Arbitrary<List<AvlPacket>> backToBack() {
        return RandomPackets.avlPackets(16).list().ofMinSize(2).ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<AvlPacket>> tcpPackets() {
        return RandomPackets.avlPackets().list().ofMinSize(2).ofMaxSize(8);
    }

    /**
     * A copy of part of {@code bytes}: the decoder owns each buffer it is given and may compact it in
     * place, which would change {@code bytes} under the next write if the buffer wrapped it.
     */
    private static ByteBuf piece(byte[] bytes, int from, int length) {
        return Unpooled.copiedBuffer(bytes, from, length);
    }

    private static List<Object> drain(EmbeddedChannel channel) {
        List<Object> decoded = new ArrayList<>();
        for (Object message = channel.readInbound(); message != null; message = channel.readInbound()) {
            decoded.add(message);
        }
        return decoded;
    }

    private static byte[] concatenate(List<AvlPacket> packets) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        packets.forEach(p -> bytes.writeBytes(RandomPackets.encode(p)));
        return bytes.toByteArray();
    }

    private static byte[] handshake() {
        ByteBuf buf = Unpooled.buffer();
        TeltonikaPacketEncoder.writeImei(buf, IMEI);
        return ByteBufUtil.getBytes(buf);
    }

    /** Keeps every batch and accepts it at once, so ACKs depend only on the server. */
    private static final class RecordingSink implements TelemetrySink {
        final List<TelemetryBatch> batches = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<Void> accept(TelemetryBatch batch) {
            batches.add(batch);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
        }
    }
}
