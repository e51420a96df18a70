package com.fleetlink.ingestion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.testkit.DeviceClient;
import com.fleetlink.ingestion.testkit.Packets;
import com.fleetlink.testkit.MetricsText;
import com.fleetlink.testkit.Poll;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The caps on open and handshaking sockets and the handshake deadline, over real TCP: the socket
 * over a limit is closed and counted by reason, and a device already served keeps getting ACKs.
 */
class ConnectionLimitsTest {
    private static final String SERVED = "356307042441013";
    private static final String LATECOMER = "356307042441021";
    private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(3);
    /** Two in the pool is over half of it: the pressure deadline is set to the full one so only the cap acts. */
    private static final ConnectionLimits HANDSHAKE_CAP_OF_TWO = new ConnectionLimits(100, 2, ConnectionLimits.DEFAULT_HANDSHAKE_TIMEOUT)
            .withPressureHandshakeTimeout(ConnectionLimits.DEFAULT_HANDSHAKE_TIMEOUT);

    private final IngestionMetrics metrics = new IngestionMetrics();
    private final List<DeviceClient> clients = new ArrayList<>();
    private IngestionServer server;

    private void start(ConnectionLimits limits) throws InterruptedException {
        server = TestServers.start(TestServers.config().withLimits(limits), new AcceptingSink(), metrics);
    }

    @AfterEach
    void stop() throws IOException {
        for (DeviceClient client : clients) {
            client.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    private DeviceClient connect() throws IOException {
        DeviceClient client = DeviceClient.connect(server.port());
        clients.add(client);
        return client;
    }

    private DeviceClient handshaken(String imei) throws IOException {
        DeviceClient client = DeviceClient.connect(server.port(), imei);
        clients.add(client);
        return client;
    }


    /** A socket that sent the first byte of its handshake, seen by the server: no longer silent, so not evictable. */
    private DeviceClient talking() throws IOException {
        DeviceClient client = connect();
        double before = MetricsText.scrape(metrics.registry()).value("teltonika_bytes_received_total");
        client.send(new byte[] {0x00});
        MetricsText.awaitValue(metrics.registry(), "teltonika_bytes_received_total", before + 1);
        return client;
    }

    /** A socket that sent nothing, once the server counts it among the handshaking ones. */
    private DeviceClient silent() throws IOException {
        double before = MetricsText.scrape(metrics.registry()).value("teltonika_connections_handshaking");
        DeviceClient client = connect();
        MetricsText.awaitValue(metrics.registry(), "teltonika_connections_handshaking", before + 1);
        return client;
    }

    @Test
    void connectionCap_whenReachedWithSilentSockets_thenTheOldestIsEvictedAndANewDeviceServed() throws Exception {
        start(new ConnectionLimits(3, 100, ConnectionLimits.DEFAULT_HANDSHAKE_TIMEOUT));
        DeviceClient served = handshaken(SERVED);
        DeviceClient oldest = silent();
        DeviceClient younger = silent();

        DeviceClient latecomer = handshaken(LATECOMER);

        assertThat(oldest.awaitClosed(CLOSE_DEADLINE)).isEmpty();
        MetricsText.awaitValue(metrics.registry(), "teltonika_connections_closed_total{reason=\"silent_evicted\"}", 1);
        assertThat(latecomer.sendRecord(1_700_000_000_000L)).isEqualTo(1);
        assertThat(served.sendRecord(1_700_000_000_000L)).isEqualTo(1);
        assertThat(younger.closedWithin(Duration.ofMillis(200))).as("younger silent socket closed").isFalse();
    }

    @Test
    void connectionCap_whenReachedWithNoSilentSocket_thenNextSocketClosedAndCountedWhileServedDeviceIsAcked() throws Exception {
        start(new ConnectionLimits(3, 100, ConnectionLimits.DEFAULT_HANDSHAKE_TIMEOUT));
        DeviceClient served = handshaken(SERVED);
        talking();
        talking();

        DeviceClient refused = connect();

        assertThat(refused.awaitClosed(CLOSE_DEADLINE)).isEmpty();
        MetricsText.awaitValue(metrics.registry(), "teltonika_connections_closed_total{reason=\"over_connection_limit\"}", 1);
        assertThat(served.sendRecord(1_700_000_000_000L)).isEqualTo(1);
    }

    @Test
    void connectionCap_whenASocketCloses_thenANewDeviceIsServedAgain() throws Exception {
        start(new ConnectionLimits(2, 100, ConnectionLimits.DEFAULT_HANDSHAKE_TIMEOUT));
        handshaken(SERVED);
        DeviceClient talker = talking();

        talker.close();
        MetricsText.awaitValue(metrics.registry(), "teltonika_connections_open", 1);

        assertThat(handshaken(LATECOMER).sendRecord(1_700_000_000_000L)).isEqualTo(1);
    }

    @Test
    void handshakeCap_whenFullOfSilentSockets_thenANewDeviceEvictsTheOldestAndIsServed() throws Exception {
        start(HANDSHAKE_CAP_OF_TWO);
        DeviceClient oldest = silent();
        DeviceClient younger = silent();

        DeviceClient latecomer = handshaken(LATECOMER);

        assertThat(oldest.awaitClosed(CLOSE_DEADLINE)).isEmpty();
        MetricsText.awaitValue(metrics.registry(), "teltonika_connections_closed_total{reason=\"silent_evicted\"}", 1);
        assertThat(latecomer.sendRecord(1_700_000_000_000L)).isEqualTo(1);
        assertThat(younger.closedWithin(Duration.ofMillis(200))).as("younger silent socket closed").isFalse();
        MetricsText.awaitValue(metrics.registry(), "teltonika_connections_handshaking", 1);
    }

    @Test
    void handshakeCap_whenFullOfTalkingSockets_thenNextSocketClosedAndCountedWhileServedDeviceIsAcked() throws Exception {
        start(HANDSHAKE_CAP_OF_TWO);
        DeviceClient served = handshaken(SERVED);
        DeviceClient talker = talking();
        talking();

        DeviceClient refused = connect();

        assertThat(refused.awaitClosed(CLOSE_DEADLINE)).isEmpty();
        MetricsText.awaitValue(metrics.registry(), "teltonika_connections_closed_total{reason=\"over_handshake_limit\"}", 1);
        // The refused socket was counted and uncounted: the two talkers are still all there is.
        MetricsText.awaitValue(metrics.registry(), "teltonika_connections_handshaking", 2);
        assertThat(served.sendRecord(1_700_000_000_000L)).isEqualTo(1);

        talker.close();
        MetricsText.awaitValue(metrics.registry(), "teltonika_connections_handshaking", 1);
        assertThat(handshaken(LATECOMER).sendRecord(1_700_000_000_000L)).isEqualTo(1);
    }

    @Test
    void silentPerAddressCap_whenOneAddressOpensOneMore_thenItsOldestSilentSocketIsEvicted() throws Exception {
        start(new ConnectionLimits(100, 100, ConnectionLimits.DEFAULT_HANDSHAKE_TIMEOUT).withMaxSilentPerAddress(2));
        DeviceClient talker = talking();
        DeviceClient oldest = silent();
        DeviceClient younger = silent();

        connect();

        assertThat(oldest.awaitClosed(CLOSE_DEADLINE)).isEmpty();
        MetricsText.awaitValue(metrics.registry(), "teltonika_connections_closed_total{reason=\"silent_over_address_cap\"}", 1);
        assertThat(younger.closedWithin(Duration.ofMillis(200))).as("younger silent socket closed").isFalse();
        // The older talker of the same address does not count against the cap and is untouched.
        byte[] imei = Packets.imei(SERVED);
        talker.send(Arrays.copyOfRange(imei, 1, imei.length));
        assertThat(talker.readByte()).as("handshake answer of the talker").isEqualTo(1);
    }

    @Test
    void pressureTimeout_whenOverHalfThePoolIsHandshaking_thenSilentSocketsCloseAtTheShortDeadlineUntilItIsNot() throws Exception {
        Duration pressure = Duration.ofMillis(300);
        start(new ConnectionLimits(100, 4, ConnectionLimits.DEFAULT_HANDSHAKE_TIMEOUT).withPressureHandshakeTimeout(pressure));
        long started = System.nanoTime();
        List<DeviceClient> flood = List.of(silent(), silent(), silent(), silent());
        String pressureCloses = "teltonika_connections_closed_total{reason=\"pressure_handshake_timeout\"}";

        // Four of four: each socket's check closes it while more than two are left; which of the
        // younger two goes depends on how the checks of four loops interleave, so only the counts are certain.
        assertThat(flood.get(0).awaitClosed(CLOSE_DEADLINE)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(pressure.minusMillis(20));
        Poll.until(CLOSE_DEADLINE, "the pool back to half", () -> handshakingNow() <= 2);
        List<DeviceClient> survivors = new ArrayList<>();
        for (DeviceClient socket : flood) {
            if (!socket.closedWithin(Duration.ofMillis(1))) {
                survivors.add(socket);
            }
        }
        double closed = MetricsText.scrape(metrics.registry()).value(pressureCloses);

        assertThat(survivors).as("sockets left once the pool is back to half").isNotEmpty();
        survivors.get(0).assertSilentFor(pressure.multipliedBy(3));
        assertThat(closed).as("closed at the pressure deadline").isEqualTo(4 - survivors.size()).isGreaterThanOrEqualTo(2);
        assertThat(MetricsText.scrape(metrics.registry()).value(pressureCloses)).as("closed after the pool was back to half")
                .isEqualTo(closed);
    }

    private double handshakingNow() {
        return MetricsText.scrape(metrics.registry()).value("teltonika_connections_handshaking");
    }

    @Test
    void pressureTimeout_whenHalfThePoolOrLessIsHandshaking_thenSilentSocketsKeepTheFullDeadline() throws Exception {
        Duration pressure = Duration.ofMillis(200);
        start(new ConnectionLimits(100, 4, ConnectionLimits.DEFAULT_HANDSHAKE_TIMEOUT).withPressureHandshakeTimeout(pressure));
        DeviceClient first = silent();
        DeviceClient second = silent();

        first.assertSilentFor(pressure.multipliedBy(4));
        second.assertSilentFor(Duration.ofMillis(1));
        assertThat(MetricsText.scrape(metrics.registry()).valueOrZero(
                "teltonika_connections_closed_total{reason=\"pressure_handshake_timeout\"}")).isZero();
    }

    @Test
    void handshakeTimeout_whenImeiTrickledByteByByte_thenClosedAtDeadlineAndCounted() throws Exception {
        Duration timeout = Duration.ofMillis(500);
        start(new ConnectionLimits(100, 100, timeout));
        DeviceClient slowloris = connect();
        long started = System.nanoTime();
        byte[] imei = Packets.imei(SERVED);

        // One byte per 100 ms: each read restarts the idle timer (10 min), never the handshake deadline.
        int sent = 0;
        boolean closed = false;
        while (!closed && sent < imei.length - 1) {
            slowloris.send(new byte[] {imei[sent++]});
            closed = slowloris.closedWithin(Duration.ofMillis(100));
        }

        assertThat(closed).as("closed before the last IMEI byte (%d of %d sent)", sent, imei.length).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(timeout.minusMillis(20));
        MetricsText.awaitValue(metrics.registry(), "teltonika_connections_closed_total{reason=\"handshake_timeout\"}", 1);
        MetricsText.awaitValue(metrics.registry(), "teltonika_connections_handshaking", 0);
    }

    @Test
    void handshakeTimeout_whenDeviceHandshookInTime_thenItStaysServedPastTheDeadline() throws Exception {
        Duration timeout = Duration.ofMillis(300);
        start(new ConnectionLimits(100, 100, timeout));
        DeviceClient served = handshaken(SERVED);

        served.assertSilentFor(timeout.multipliedBy(3));

        assertThat(served.sendRecord(1_700_000_000_000L)).isEqualTo(1);
        assertThat(MetricsText.scrape(metrics.registry()).value("teltonika_connections_closed_total{reason=\"handshake_timeout\"}")).isZero();
        assertThat(MetricsText.scrape(metrics.registry()).value("teltonika_connections_handshaking")).isZero();
    }
}
