package com.fleetlink.ingestion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.session.CloseReason;
import com.fleetlink.ingestion.session.ConnectionCloser;
import com.fleetlink.testkit.MetricsText;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The admission policy on its own, on embedded channels: who is evicted, who is refused, what the
 * per-address cap counts, when deadlines shorten, and that evicted sockets still closing are bounded.
 * A socket's close is reported to the policy only where a test says so, as its loop would.
 */
class HandshakeAdmissionTest {
    private static final Duration TIMEOUT = ConnectionLimits.DEFAULT_HANDSHAKE_TIMEOUT;
    private static final InetAddress CARRIER = InetAddress.getLoopbackAddress();
    private static final InetAddress OTHER = address(192, 0, 2, 9);

    private final IngestionMetrics metrics = new IngestionMetrics();
    private HandshakeAdmission admission;

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private void limits(ConnectionLimits limits) {
        admission = new HandshakeAdmission(limits, new ConnectionCloser(), metrics);
    }

    private Channel admitted(InetAddress source) {
        EmbeddedChannel channel = new EmbeddedChannel();
        assertThat(admission.admit(channel, source)).as("admitted").isNotNull();
        return channel;
    }

    private Channel silent() {
        return admitted(null);
    }

    private Channel talking() {
        Channel channel = silent();
        admission.talked(AdmissionTicket.of(channel));
        return channel;
    }

    private Channel handshaken() {
        Channel channel = silent();
        admission.handshaken(AdmissionTicket.of(channel));
        return channel;
    }

    private double handshakingGauge() {
        return MetricsText.scrape(metrics.registry()).value("teltonika_connections_handshaking");
    }

    @Test
    void admit_whenHandshakingPoolIsFullOfSilentSockets_thenTheOldestIsEvictedAndTheNewcomerAdmitted() {
        limits(new ConnectionLimits(100, 2, TIMEOUT));
        Channel oldest = silent();
        Channel younger = silent();

        Channel newcomer = silent();

        assertThat(oldest.isOpen()).as("oldest silent socket").isFalse();
        assertThat(ConnectionCloser.reasonOf(oldest)).isEqualTo(CloseReason.SILENT_EVICTED);
        assertThat(younger.isOpen()).as("younger silent socket").isTrue();
        assertThat(newcomer.isOpen()).as("newcomer").isTrue();
        assertThat(handshakingGauge()).isEqualTo(2);
    }

    @Test
    void admit_whenTheOldestHasTalked_thenTheOldestSilentOneIsEvictedInstead() {
        limits(new ConnectionLimits(100, 3, TIMEOUT));
        Channel talker = talking();
        Channel oldestSilent = silent();
        Channel youngerSilent = silent();

        silent();

        assertThat(talker.isOpen()).as("talking socket").isTrue();
        assertThat(oldestSilent.isOpen()).as("oldest silent socket").isFalse();
        assertThat(youngerSilent.isOpen()).as("younger silent socket").isTrue();
    }

    @Test
    void admit_whenHandshakingPoolIsFullOfTalkers_thenTheNewcomerIsRefused() {
        limits(new ConnectionLimits(100, 2, TIMEOUT));
        Channel first = talking();
        Channel second = talking();
        EmbeddedChannel newcomer = new EmbeddedChannel();

        assertThat(admission.admit(newcomer, null)).isNull();

        assertThat(newcomer.isOpen()).as("newcomer").isFalse();
        assertThat(ConnectionCloser.reasonOf(newcomer)).isEqualTo(CloseReason.OVER_HANDSHAKE_LIMIT);
        assertThat(first.isOpen() && second.isOpen()).as("both talkers open").isTrue();
        assertThat(handshakingGauge()).isEqualTo(2);
    }

    @Test
    void admit_whenConnectionCapIsReachedWithASilentSocket_thenItIsEvictedAndAHandshakenOneIsNot() {
        limits(new ConnectionLimits(2, 100, TIMEOUT));
        Channel device = handshaken();
        Channel idle = silent();

        Channel newcomer = silent();

        assertThat(device.isOpen()).as("handshaken device").isTrue();
        assertThat(idle.isOpen()).as("silent socket").isFalse();
        assertThat(ConnectionCloser.reasonOf(idle)).isEqualTo(CloseReason.SILENT_EVICTED);
        assertThat(newcomer.isOpen()).as("newcomer").isTrue();
    }

    @Test
    void admit_whenConnectionCapIsReachedWithNoneSilent_thenTheNewcomerIsRefused() {
        limits(new ConnectionLimits(2, 100, TIMEOUT));
        handshaken();
        talking();
        EmbeddedChannel newcomer = new EmbeddedChannel();

        assertThat(admission.admit(newcomer, null)).isNull();

        assertThat(ConnectionCloser.reasonOf(newcomer)).isEqualTo(CloseReason.OVER_CONNECTION_LIMIT);
    }

    @Test
    void admit_whenMaxHandshakingEvictedSocketsAreStillClosing_thenNoMoreAreEvictedUntilOneHasClosed() {
        limits(new ConnectionLimits(100, 2, TIMEOUT));
        Channel first = silent();
        silent();
        silent();
        silent();
        // Two evicted sockets whose loops have not reported the close yet: as many as the pool holds.
        EmbeddedChannel refused = new EmbeddedChannel();

        assertThat(admission.admit(refused, null)).as("a third eviction in flight").isNull();
        assertThat(ConnectionCloser.reasonOf(refused)).isEqualTo(CloseReason.OVER_HANDSHAKE_LIMIT);

        admission.closed(AdmissionTicket.of(first));
        silent();
    }

    @Test
    void sourceKnown_whenAnAddressGoesOverItsSilentCap_thenItsOwnOldestSilentSocketIsEvicted() {
        limits(new ConnectionLimits(100, 100, TIMEOUT).withMaxSilentPerAddress(2));
        Channel elsewhere = admitted(OTHER);
        Channel oldest = admitted(CARRIER);
        Channel younger = admitted(CARRIER);

        Channel newest = admitted(CARRIER);

        assertThat(oldest.isOpen()).as("the address's oldest silent socket").isFalse();
        assertThat(ConnectionCloser.reasonOf(oldest)).isEqualTo(CloseReason.SILENT_OVER_ADDRESS_CAP);
        assertThat(younger.isOpen() && newest.isOpen()).as("the address's two youngest").isTrue();
        assertThat(elsewhere.isOpen()).as("older socket of another address").isTrue();
    }

    @Test
    void sourceKnown_whenManySocketsOfOneAddressTalk_thenTheyDoNotCountAgainstItsCap() {
        limits(new ConnectionLimits(100, 100, TIMEOUT).withMaxSilentPerAddress(2));
        Channel[] talkers = new Channel[10];
        for (int i = 0; i < talkers.length; i++) {
            talkers[i] = admitted(CARRIER);
            admission.talked(AdmissionTicket.of(talkers[i]));
        }
        Channel silentOne = admitted(CARRIER);
        Channel silentTwo = admitted(CARRIER);

        assertThat(talkers).allSatisfy(c -> assertThat(c.isOpen()).isTrue());
        assertThat(silentOne.isOpen() && silentTwo.isOpen()).as("two silent sockets, at the cap").isTrue();
    }

    @Test
    void sourceKnown_whenCapIsOff_thenOneAddressMayFillThePool() {
        limits(new ConnectionLimits(100, 100, TIMEOUT).withMaxSilentPerAddress(0));
        Channel first = admitted(CARRIER);
        for (int i = 0; i < 50; i++) {
            admitted(CARRIER);
        }

        assertThat(first.isOpen()).isTrue();
    }

    @Test
    void underPressure_whenMoreThanHalfThePoolIsHandshaking_thenTrueUntilOneFinishes() {
        limits(new ConnectionLimits(100, 4, TIMEOUT));
        silent();
        Channel second = silent();
        assertThat(admission.underPressure()).as("two of four").isFalse();

        silent();
        assertThat(admission.underPressure()).as("three of four").isTrue();

        admission.handshaken(AdmissionTicket.of(second));
        assertThat(admission.underPressure()).as("two of four again").isFalse();
    }

    @Test
    void closed_whenEverySocketLeavesWhateverItsPhase_thenTheBooksAreEmpty() {
        limits(new ConnectionLimits(4, 4, TIMEOUT));
        Channel[] channels = {silent(), talking(), handshaken(), silent()};
        for (Channel channel : channels) {
            admission.closed(AdmissionTicket.of(channel));
        }

        assertThat(handshakingGauge()).isZero();
        assertThat(admission.underPressure()).isFalse();
        // Four slots free again: talkers are never admitted by eviction, so a slot left counted would refuse one.
        Channel[] again = {talking(), talking(), talking(), talking()};
        assertThat(again).allSatisfy(c -> assertThat(c.isOpen()).isTrue());
    }
}
