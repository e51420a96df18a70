package com.fleetlink.ingestion.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.server.AcceptingSink;
import com.fleetlink.ingestion.server.ImeiPolicy;
import com.fleetlink.ingestion.server.IngestionConfig;
import com.fleetlink.ingestion.server.IngestionServer;
import com.fleetlink.ingestion.server.TestServers;
import com.fleetlink.ingestion.session.RecordingListener.Event;
import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.testkit.DeviceClient;
import com.fleetlink.ingestion.testkit.Packets;
import com.fleetlink.testkit.Poll;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The session table seen from outside: one current socket per IMEI, and a listener told about
 * registrations and about closes of the current socket only, with the reason.
 */
class SessionTableTest {
    private static final String IMEI = "356307042441013";
    private static final Duration DEADLINE = Duration.ofSeconds(3);
    /** Long enough for a close that must not be reported to have been reported. */
    private static final Duration QUIET = Duration.ofMillis(300);

    private final RecordingListener listener = new RecordingListener();
    private IngestionServer server;

    private int start(Duration idleTimeout) throws InterruptedException {
        server = TestServers.start(TestServers.config(idleTimeout, ImeiPolicy.DIGITS_ONLY), new AcceptingSink(), new IngestionMetrics());
        server.sessions().setListener(listener);
        return server.port();
    }

    private int start() throws InterruptedException {
        return start(IngestionConfig.DEFAULT_IDLE_TIMEOUT);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private void awaitClosedEvents(int n) {
        Poll.until(DEADLINE, n + " onClosed calls, got " + listener.events(), () -> listener.closedCount() >= n);
    }

    /** The one registration of the test's single socket, then its close for {@code reason}. */
    private void assertClosedWith(CloseReason reason) {
        List<Event> events = listener.events();
        assertThat(events).hasSize(2);
        long conn = events.get(0).conn();
        assertThat(events).containsExactly(new Event("registered", IMEI, conn, null), new Event("closed", IMEI, conn, reason));
    }

    @Test
    void secondHandshake_whenSameImei_thenOlderSocketClosedAndNewerServes() throws Exception {
        int port = start();
        try (DeviceClient older = DeviceClient.connect(port); DeviceClient newer = DeviceClient.connect(port)) {
            assertThat(older.handshake(IMEI)).isEqualTo(1);
            assertThat(newer.handshake(IMEI)).isEqualTo(1);

            assertThat(older.awaitClosed(DEADLINE)).isEmpty();
            newer.send(Packets.avl(Codec.CODEC_8, 1));
            assertThat(newer.readAck()).isEqualTo(1);
        }
    }

    /**
     * Once a device has read 01 its socket is the current one, so a second handshake that follows can
     * only supersede it, never be superseded by it. The race this guards against is narrow, hence
     * many rounds.
     */
    @Test
    void handshake_whenDeviceHasRead01_thenSessionIsAlreadyCurrent() throws Exception {
        int port = start();
        for (int round = 0; round < 300; round++) {
            String imei = String.format("35630704%07d", round);
            try (DeviceClient device = DeviceClient.connect(port)) {
                assertThat(device.handshake(imei)).isEqualTo(1);

                assertThat(server.sessions().get(imei)).as("session of %s right after 01", imei).isNotNull();
            }
        }
    }

    @Test
    void listener_whenOlderSocketSuperseded_thenRegisteredForBothAndClosedOnlyForCurrent() throws Exception {
        int port = start();
        try (DeviceClient older = DeviceClient.connect(port); DeviceClient newer = DeviceClient.connect(port)) {
            assertThat(older.handshake(IMEI)).isEqualTo(1);
            assertThat(newer.handshake(IMEI)).isEqualTo(1);
            older.awaitClosed(DEADLINE);
            // The superseded socket is closed by now; give a wrongly sent onClosed time to arrive.
            newer.assertSilentFor(QUIET);
            assertThat(listener.events()).extracting(Event::kind).containsExactly("registered", "registered");

            newer.close();
            awaitClosedEvents(1);
        }
        List<Event> events = listener.events();
        assertThat(events).hasSize(3);
        Event olderRegistered = events.get(0);
        Event newerRegistered = events.get(1);
        assertThat(newerRegistered.conn()).isNotEqualTo(olderRegistered.conn());
        assertThat(events.get(2)).isEqualTo(new Event("closed", IMEI, newerRegistered.conn(), CloseReason.PEER_CLOSED));
    }

    @Test
    void listener_whenRegistered_thenTheTableAlreadyHoldsTheSession() throws Exception {
        TableReadingListener reading = handshakeAndClose();

        assertThat(reading.unseen("registered")).isEmpty();
    }

    @Test
    void listener_whenClosed_thenTheTableNoLongerHoldsTheSession() throws Exception {
        TableReadingListener reading = handshakeAndClose();

        assertThat(reading.unseen("closed")).isEmpty();
    }

    /** One device handshakes and closes, told to a listener that reads the table from inside each call. */
    private TableReadingListener handshakeAndClose() throws Exception {
        int port = start();
        TableReadingListener reading = new TableReadingListener(server.sessions());
        server.sessions().setListener(reading);
        try (DeviceClient device = DeviceClient.connect(port)) {
            assertThat(device.handshake(IMEI)).isEqualTo(1);
        }
        Poll.until(DEADLINE, "a registration and a close", () -> reading.calls().size() >= 2);
        return reading;
    }

    @Test
    void listener_whenDeviceClosesSocket_thenOnClosedWithPeerClosed() throws Exception {
        try (DeviceClient device = DeviceClient.connect(start())) {
            assertThat(device.handshake(IMEI)).isEqualTo(1);
        }
        awaitClosedEvents(1);
        assertClosedWith(CloseReason.PEER_CLOSED);
    }

    @Test
    void listener_whenSocketIdles_thenOnClosedWithIdle() throws Exception {
        try (DeviceClient device = DeviceClient.connect(start(Duration.ofMillis(300)))) {
            assertThat(device.handshake(IMEI)).isEqualTo(1);
            device.awaitClosed(DEADLINE);
        }
        awaitClosedEvents(1);
        assertClosedWith(CloseReason.IDLE);
    }

    @Test
    void listener_whenFrameIsUnrecoverable_thenOnClosedWithBadFrame() throws Exception {
        try (DeviceClient device = DeviceClient.connect(start())) {
            assertThat(device.handshake(IMEI)).isEqualTo(1);
            byte[] badPreamble = Packets.avl(Codec.CODEC_8, 1);
            badPreamble[0] = 0x7E;
            device.send(badPreamble);
            device.awaitClosed(DEADLINE);
        }
        awaitClosedEvents(1);
        assertClosedWith(CloseReason.BAD_FRAME);
    }

    @Test
    void listener_whenServerStops_thenOnClosedWithShutdown() throws Exception {
        try (DeviceClient device = DeviceClient.connect(start())) {
            assertThat(device.handshake(IMEI)).isEqualTo(1);
            server.stop();
            device.awaitClosed(DEADLINE);
        }
        awaitClosedEvents(1);
        assertClosedWith(CloseReason.SHUTDOWN);
    }
}
