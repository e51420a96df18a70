package com.fleetlink.ingestion.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.session.ConnectionCloser;
import com.fleetlink.ingestion.session.DeviceSession;
import com.fleetlink.ingestion.testkit.DeviceClient;
import com.fleetlink.ingestion.testkit.Packets;
import com.fleetlink.testkit.MetricsText;
import com.fleetlink.testkit.Poll;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * PROXY protocol v1 and v2 in front of the IMEI handshake, over real TCP: the device's real address
 * reaches the session table and the close log lines; a socket without an acceptable header is
 * closed and counted; with the protocol off, a header is just a malformed handshake.
 */
class ProxyProtocolTest {
    private static final String IMEI = "356307042441013";
    private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(2);
    private static final byte[] V1_HEADER = "PROXY TCP4 203.0.113.7 192.0.2.1 40001 5027\r\n".getBytes(StandardCharsets.US_ASCII);

    private final IngestionMetrics metrics = new IngestionMetrics();
    private IngestionServer server;

    private void start(ProxyProtocol mode) throws InterruptedException {
        server = TestServers.start(TestServers.config().withProxyProtocol(mode), new AcceptingSink(), metrics);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** A version 2 PROXY header for a TCP source, as a load balancer would send it. */
    private static byte[] v2Header(HAProxyProxiedProtocol protocol, String source, int sourcePort, String destination) {
        return encode(new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.PROXY, protocol,
                source, destination, sourcePort, 5027));
    }

    /** The header's bytes, written by Netty's encoder. */
    private static byte[] encode(HAProxyMessage header) {
        EmbeddedChannel encoder = new EmbeddedChannel(HAProxyMessageEncoder.INSTANCE);
        encoder.writeOutbound(header);
        ByteBuf encoded = encoder.readOutbound();
        try {
            return ByteBufUtil.getBytes(encoded);
        } finally {
            encoded.release();
            encoder.finishAndReleaseAll();
        }
    }


    @Test
    void v1Header_whenBeforeHandshake_thenDeviceIsAckedAndSessionShowsRealAddress() throws Exception {
        start(ProxyProtocol.V1);
        try (DeviceClient device = DeviceClient.connect(server.port())) {
            device.send(V1_HEADER);

            assertThat(device.handshake(IMEI)).isEqualTo(1);
            assertThat(device.sendRecord(1_700_000_000_000L)).isEqualTo(1);
            DeviceSession session = server.sessions().get(IMEI);
            assertThat(session.remoteAddress()).isEqualTo(new InetSocketAddress("203.0.113.7", 40001));
            assertThat(MetricsText.scrape(metrics.registry()).value("teltonika_proxy_headers_total{result=\"v1\"}")).isEqualTo(1);
        }
    }

    @Test
    void v2Header_whenSentInOneWriteWithTheImei_thenDeviceIsAckedAndSessionShowsRealAddress() throws Exception {
        start(ProxyProtocol.V2);
        byte[] header = v2Header(HAProxyProxiedProtocol.TCP6, "2001:db8::7", 40002, "2001:db8::1");
        try (DeviceClient device = DeviceClient.connect(server.port())) {
            // Bytes after the header in the same segment must reach the handshake, not be lost with the header.
            device.send(Packets.concat(header, Packets.imei(IMEI)));

            assertThat(device.readByte()).isEqualTo(1);
            assertThat(device.sendRecord(1_700_000_000_000L)).isEqualTo(1);
            assertThat(server.sessions().get(IMEI).remoteAddress()).isEqualTo(new InetSocketAddress("2001:db8::7", 40002));
            assertThat(MetricsText.scrape(metrics.registry()).value("teltonika_proxy_headers_total{result=\"v2\"}")).isEqualTo(1);
        }
    }

    @Test
    void silentPerAddressCap_whenTheHeadersNameOneAddressTooOften_thenOnlyThatAddressLosesItsOldestSilentSocket() throws Exception {
        server = TestServers.start(TestServers.config().withProxyProtocol(ProxyProtocol.V2)
                .withLimits(new ConnectionLimits(100, 100, ConnectionLimits.DEFAULT_HANDSHAKE_TIMEOUT).withMaxSilentPerAddress(2)),
                new AcceptingSink(), metrics);
        List<DeviceClient> sockets = new ArrayList<>();
        try {
            // Every socket comes from the balancer's address; only the headers tell the devices apart.
            for (String source : List.of("203.0.113.7", "198.51.100.4", "203.0.113.7", "203.0.113.7")) {
                DeviceClient socket = DeviceClient.connect(server.port());
                sockets.add(socket);
                double headers = MetricsText.scrape(metrics.registry()).value("teltonika_proxy_headers_total{result=\"v2\"}");
                socket.send(v2Header(HAProxyProxiedProtocol.TCP4, source, 40_000 + sockets.size(), "192.0.2.1"));
                MetricsText.awaitValue(metrics.registry(), "teltonika_proxy_headers_total{result=\"v2\"}", headers + 1);
            }

            // The header is the balancer's, not the device talking: the first socket of 203.0.113.7 is its oldest silent one.
            assertThat(sockets.get(0).awaitClosed(CLOSE_DEADLINE)).isEmpty();
            MetricsText.awaitValue(metrics.registry(), "teltonika_connections_closed_total{reason=\"silent_over_address_cap\"}", 1);
            for (DeviceClient kept : sockets.subList(1, 4)) {
                assertThat(kept.handshake(IMEI)).as("handshake answer").isEqualTo(1);
            }
        } finally {
            for (DeviceClient socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void v2LocalHeader_whenFromTheBalancersHealthCheck_thenSocketPeerStaysTheAddress() throws Exception {
        start(ProxyProtocol.ANY);
        byte[] header = encode(new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.LOCAL,
                HAProxyProxiedProtocol.UNKNOWN, null, null, 0, 0));
        try (DeviceClient device = DeviceClient.connect(server.port())) {
            device.send(header);

            assertThat(device.handshake(IMEI)).isEqualTo(1);
            assertThat(((InetSocketAddress) server.sessions().get(IMEI).remoteAddress()).getAddress().isLoopbackAddress()).isTrue();
            assertThat(MetricsText.scrape(metrics.registry()).value("teltonika_proxy_headers_total{result=\"no_address\"}")).isEqualTo(1);
        }
    }

    @Test
    void closeLogLine_whenProxiedDeviceIsSuperseded_thenNamesTheRealAddress() throws Exception {
        start(ProxyProtocol.ANY);
        Logger closerLog = (Logger) LoggerFactory.getLogger(ConnectionCloser.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        Level before = closerLog.getLevel();
        closerLog.addAppender(lines);
        // Superseded closes log at debug, which is never rate-limited: the line is certain to be written.
        closerLog.setLevel(Level.DEBUG);
        try (DeviceClient first = DeviceClient.connect(server.port());
             DeviceClient second = DeviceClient.connect(server.port())) {
            first.send(V1_HEADER);
            assertThat(first.handshake(IMEI)).isEqualTo(1);
            second.send(v2Header(HAProxyProxiedProtocol.TCP4, "198.51.100.9", 40003, "192.0.2.1"));
            assertThat(second.handshake(IMEI)).isEqualTo(1);

            assertThat(first.awaitClosed(CLOSE_DEADLINE)).isEmpty();
            Poll.until(Poll.DEFAULT_DEADLINE, "a superseded close line", () -> lines.list.stream()
                    .anyMatch(e -> e.getFormattedMessage().contains("reason=superseded")));
            assertThat(lines.list).map(ILoggingEvent::getFormattedMessage)
                    .filteredOn(line -> line.contains("reason=superseded"))
                    .singleElement().asString().startsWith("closing /203.0.113.7:40001 imei=" + IMEI);
            assertThat(server.sessions().get(IMEI).remoteAddress()).isEqualTo(new InetSocketAddress("198.51.100.9", 40003));
        } finally {
            closerLog.detachAppender(lines);
            closerLog.setLevel(before);
        }
    }

    @Test
    void missingHeader_whenDeviceSendsItsImeiStraightAway_thenClosedAtOnceAndCounted() throws Exception {
        start(ProxyProtocol.ANY);
        try (DeviceClient device = DeviceClient.connect(server.port())) {
            device.send(Packets.imei(IMEI));

            assertThat(device.awaitClosed(CLOSE_DEADLINE)).as("no 01 or 00 answer").isEmpty();
        }
        MetricsText.awaitValue(metrics.registry(), "teltonika_proxy_headers_total{result=\"missing\"}", 1);
        MetricsText.awaitValue(metrics.registry(), "teltonika_connections_closed_total{reason=\"proxy_header_rejected\"}", 1);
        assertThat(server.sessions().get(IMEI)).isNull();
    }

    @Test
    void garbageHeader_whenItStartsLikeV1ButIsNotOne_thenClosedAndCountedInvalid() throws Exception {
        start(ProxyProtocol.ANY);
        try (DeviceClient device = DeviceClient.connect(server.port())) {
            device.send("PROXY TCP4 not-an-address 192.0.2.1 x 5027\r\n".getBytes(StandardCharsets.US_ASCII));

            assertThat(device.awaitClosed(CLOSE_DEADLINE)).isEmpty();
        }
        MetricsText.awaitValue(metrics.registry(), "teltonika_proxy_headers_total{result=\"invalid\"}", 1);
        MetricsText.awaitValue(metrics.registry(), "teltonika_connections_closed_total{reason=\"proxy_header_rejected\"}", 1);
    }

    @Test
    void wrongVersion_whenV2SentToAV1OnlyServer_thenClosedAndCounted() throws Exception {
        start(ProxyProtocol.V1);
        try (DeviceClient device = DeviceClient.connect(server.port())) {
            device.send(v2Header(HAProxyProxiedProtocol.TCP4, "198.51.100.9", 40003, "192.0.2.1"));

            assertThat(device.awaitClosed(CLOSE_DEADLINE)).isEmpty();
        }
        MetricsText.awaitValue(metrics.registry(), "teltonika_proxy_headers_total{result=\"wrong_version\"}", 1);
    }

    @Test
    void header_whenProxyProtocolIsOff_thenItIsAMalformedHandshake() throws Exception {
        start(ProxyProtocol.OFF);
        try (DeviceClient device = DeviceClient.connect(server.port())) {
            device.send(V1_HEADER);

            assertThat(device.awaitClosed(CLOSE_DEADLINE)).containsExactly(0);
        }
        MetricsText.awaitValue(metrics.registry(), "teltonika_handshakes_total{result=\"malformed\"}", 1);
        assertThat(MetricsText.scrape(metrics.registry()).value("teltonika_proxy_headers_total{result=\"v1\"}")).isZero();
    }
}
