package com.fleetlink.registry.socket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.protocol.local.LocalMessage.Hello;
import com.fleetlink.protocol.local.LocalMessage.Pong;
import com.fleetlink.protocol.local.LocalMessage.Register;
import com.fleetlink.protocol.local.LocalMessage.Unregister;
import com.fleetlink.protocol.local.LocalProtocolCodec;
import com.fleetlink.registry.metrics.SidecarMetrics;
import com.fleetlink.testkit.MetricsText;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The line decoder on direct buffers, as the Unix socket hands them on: each line is copied into one
 * array the decoder keeps for the connection, so no line may read another's bytes and no message
 * may keep the array.
 */
class LocalLineDecoderTest {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final EmbeddedChannel channel = new EmbeddedChannel(new LocalLineDecoder(new SidecarMetrics(registry)));

    @Test
    void decode_ofDirectLinesLongThenShort_readsEachLineAlone_andNoMessageChangesAfterward() {
        Hello longest = new Hello(1, 42, "b".repeat(900), List.of("snapshot-at"));
        Unregister unregister = new Unregister("356307042441013", 7, 1_718_022_000_120L, 3, "superseded-by-a-newer-handshake");
        Register shortest = new Register("356307042441014", 8, 1_718_022_000_121L, 4);

        LocalMessage first = decode(longest);
        LocalMessage second = decode(unregister);
        LocalMessage third = decode(shortest);

        assertThat(List.of(first, second, third)).containsExactly(longest, unregister, shortest);
    }

    @Test
    void decode_ofADirectLineLongerThanTheArraySoFar_growsIt() {
        Hello hello = new Hello(1, 42, "x".repeat(4000), List.of());

        assertThat(decode(hello)).isEqualTo(hello);
        assertThat(decode(new Register("356307042441015", 9, 1L, 5))).isEqualTo(new Register("356307042441015", 9, 1L, 5));
    }

    @Test
    void decode_ofAShortBadLineAfterALongerGoodOne_rejectsIt_ratherThanReadingTheLongerOnesRest() {
        assertThat(decode(new Pong(12_345_678_901_234L))).isEqualTo(new Pong(12_345_678_901_234L));

        // The good line's first bytes: read with what follows them in the array, it would be that pong again.
        channel.writeInbound(direct("{\"type\":\"pong\"".getBytes(StandardCharsets.US_ASCII)));

        assertThat(channel.<Object>readInbound()).isNull();
        assertThat(MetricsText.scrape(registry).value("teltonika_registry_rejected_lines_total{reason=\"not_json\"}"))
                .isEqualTo(1.0);
    }

    /** The message's line, without its newline as the frame decoder passes it on, in a direct buffer. */
    private LocalMessage decode(LocalMessage message) {
        byte[] line = LocalProtocolCodec.encode(message);
        channel.writeInbound(direct(Arrays.copyOf(line, line.length - 1)));
        LocalMessage decoded = channel.readInbound();
        assertThat(channel.<Object>readInbound()).isNull();
        return decoded;
    }

    private static ByteBuf direct(byte[] bytes) {
        ByteBuf direct = Unpooled.directBuffer(bytes.length);
        direct.writeBytes(bytes);
        assertThat(direct.hasArray()).isFalse();
        return direct;
    }
}
