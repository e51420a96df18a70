package com.fleetlink.ingestion.teltonika;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.server.FrameSplittingPropertyTest;
import com.fleetlink.ingestion.teltonika.DecodeResult.CommandMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Arbitrary bytes from the network, straight into the parser and through the server's frame
 * decoder and packet decoder: nothing may escape but {@link DecodeResult} values, no frame handed
 * on may be larger than the frame limit, and how the bytes are cut must not change the outcome.
 *
 * <p>Plain {@code mvn test} runs the seeds in {@code TeltonikaDecodingFuzzTestInputs}; with
 * {@code JAZZER_FUZZ=1} (set by the module's fuzz execution) Jazzer fuzzes for 20 seconds. Jazzer
 * fuzzes one test per JVM, so this stays the module's only {@code @FuzzTest}.
 */
class TeltonikaDecodingFuzzTest {
    /** Small, so that generated length fields cross it often. */
    private static final int FRAME_LIMIT = 1024;
    private static final IngestionMetrics METRICS = new IngestionMetrics();

    @FuzzTest(maxDuration = "20s")
    void decode_whenArbitraryBytes_thenOnlyDecodeResultsAndNoFrameOverTheLimit(byte[] input) {
        ByteBuf frame = Unpooled.wrappedBuffer(input);
        assertThat(TeltonikaPacketParser.parse(frame)).isNotNull();
        assertThat(frame.readerIndex()).isZero();

        List<String> whole = throughPipeline(input, input.length);
        // Any cut point will do; taking it from the input lets the fuzzer steer it.
        int cut = input.length == 0 ? 0 : (input[input.length - 1] & 0xFF) % input.length;
        List<String> split = throughPipeline(input, cut);

        assertThat(split).as("cut at %d", cut).isEqualTo(whole);
    }

    /** What the decoders make of {@code input} written in two pieces, cut at {@code cut}, then closed. */
    private static List<String> throughPipeline(byte[] input, int cut) {
        EmbeddedChannel channel = FrameSplittingPropertyTest.decodingChannel(FRAME_LIMIT, METRICS);
        FrameSizeProbe probe = new FrameSizeProbe();
        channel.pipeline().addAfter(channel.pipeline().firstContext().name(), "frameSizeProbe", probe);

        // Copies: the decoder owns what it is given and may compact it in place, changing the input.
        channel.writeInbound(Unpooled.copiedBuffer(input, 0, cut));
        channel.writeInbound(Unpooled.copiedBuffer(input, cut, input.length - cut));
        channel.finish();

        assertThat(probe.largest).as("largest frame slice").isLessThanOrEqualTo(FRAME_LIMIT);
        List<String> results = new ArrayList<>();
        for (Object message = channel.readInbound(); message != null; message = channel.readInbound()) {
            assertThat(message).isInstanceOf(DecodeResult.class);
            results.add(describe((DecodeResult) message));
        }
        return results;
    }

    /** Comparable text: a command's payload is an array, which records compare by identity. */
    private static String describe(DecodeResult result) {
        if (result instanceof CommandMessage command) {
            return "command " + command.type() + " " + HexFormat.of().formatHex(command.payload());
        }
        return result.toString();
    }

    /** Sits between the two decoders and remembers the largest frame the frame decoder emitted. */
    private static final class FrameSizeProbe extends ChannelInboundHandlerAdapter {
        private int largest;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf slice) {
                largest = Math.max(largest, slice.readableBytes());
            }
            ctx.fireChannelRead(msg);
        }
    }
}
