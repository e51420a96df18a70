package com.fleetlink.ingestion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.command.CommandFailReason;
import com.fleetlink.ingestion.command.CommandOutcome;
import com.fleetlink.ingestion.command.CommandOutcome.Failed;
import com.fleetlink.ingestion.command.CommandOutcome.Ready;
import com.fleetlink.ingestion.command.CommandOutcome.Result;
import com.fleetlink.ingestion.command.CommandOutcome.Sent;
import com.fleetlink.ingestion.command.OutboundCommand;
import com.fleetlink.ingestion.command.WriteDeadline;
import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.telemetry.TelemetrySink;
import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.teltonika.DecodeResult;
import com.fleetlink.ingestion.teltonika.DecodeResult.CommandMessage;
import com.fleetlink.ingestion.teltonika.TeltonikaPacketParser;
import com.fleetlink.ingestion.testkit.DeviceClient;
import com.fleetlink.ingestion.testkit.Packets;
import com.fleetlink.testkit.MetricsText;
import com.fleetlink.testkit.Poll;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-socket command slot over real TCP (design §9 "On the wire"): an in-process server, a
 * device on a plain socket, and the outcomes as the registry client would receive them.
 */
class CommandSlotTest {
    private static final String IMEI = "356307042441013";
    private static final String OTHER_IMEI = "352093081452251";
    private static final Duration DEADLINE = Duration.ofSeconds(5);
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final Duration LONG = Duration.ofSeconds(30);

    private final IngestionMetrics metrics = new IngestionMetrics();
    private final RecordingOutcomes outcomes = new RecordingOutcomes();
    private IngestionServer server;
    private DeviceClient device;
    private long conn;

    private void connect(TelemetrySink sink, Duration lateWindow) throws Exception {
        server = TestServers.start(TestServers.config().withCommandLateWindow(lateWindow), sink, metrics);
        server.setCommandOutcomes(outcomes);
        device = DeviceClient.connect(server.port(), IMEI);
        Poll.until(DEADLINE, "the session of " + IMEI, () -> server.sessions().get(IMEI) != null);
        conn = server.sessions().get(IMEI).conn();
    }

    private void connect() throws Exception {
        connect(new AcceptingSink(), LONG);
    }

    @AfterEach
    void close() throws Exception {
        if (device != null) {
            device.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    private OutboundCommand command(String id, int codec, String text, Duration timeout, boolean reply) {
        return new OutboundCommand(id, IMEI, conn, 1, codec, text.getBytes(StandardCharsets.UTF_8), timeout, reply,
                WriteDeadline.NONE);
    }

    private OutboundCommand command(String id, String text, WriteDeadline deadline) {
        return new OutboundCommand(id, IMEI, conn, 1, 12, text.getBytes(StandardCharsets.UTF_8), LONG, true, deadline);
    }

    private OutboundCommand command(String id, String text) {
        return command(id, 12, text, LONG, true);
    }

    /** The next frame the device receives, decoded. */
    private CommandMessage received() throws Exception {
        DecodeResult result = TeltonikaPacketParser.parse(Unpooled.wrappedBuffer(device.readFrame()));
        assertThat(result).isInstanceOf(CommandMessage.class);
        CommandMessage message = (CommandMessage) result;
        assertThat(message.type()).isEqualTo(CommandMessage.TYPE_COMMAND);
        return message;
    }

    private void reply(String text) throws Exception {
        device.send(Packets.command(CommandMessage.TYPE_RESPONSE, text));
    }

    private double metric(String sample) {
        return MetricsText.scrape(metrics.registry()).value(sample);
    }

    @Test
    void reply_whenDeviceAnswersTheCommand_thenResultCreditedToItAfterSent() throws Exception {
        connect();

        server.commandRouter().deliver(command("c1", "getinfo"));
        CommandMessage written = received();
        reply("ok getinfo");

        assertThat(written.codec()).isEqualTo(Codec.CODEC_12);
        assertThat(written.text()).isEqualTo("getinfo");
        Result result = outcomes.await(Result.class, "c1");
        assertThat(new String(result.response(), StandardCharsets.UTF_8)).isEqualTo("ok getinfo");
        assertThat(result.late()).isFalse();
        assertThat(result.conn()).isEqualTo(conn);
        assertThat(outcomes.of("c1")).hasSize(2).first().isInstanceOf(Sent.class);
        assertThat(metric("teltonika_commands_total{outcome=\"responded\"}")).isEqualTo(1);
        assertThat(metric("teltonika_commands_in_flight")).isZero();
    }

    @Test
    void command_whenAnAckIsOwed_thenWaitsAndGoesOutRightAfterTheAck() throws Exception {
        HandCompletedSink sink = new HandCompletedSink();
        connect(sink, LONG);
        device.send(Packets.avl(Codec.CODEC_8, 2));
        HandCompletedSink.Pending held = sink.awaitBatch(DEADLINE);

        server.commandRouter().deliver(command("c1", "getinfo"));
        Poll.until(DEADLINE, "the command in its slot", () -> metric("teltonika_commands_in_flight") == 1);
        device.assertSilentFor(QUIET);
        assertThat(outcomes.all()).isEmpty();
        held.complete();

        assertThat(device.readAck()).isEqualTo(2);
        assertThat(received().text()).isEqualTo("getinfo");
        outcomes.await(Sent.class, "c1");
    }

    @Test
    void command_whenAFrameIsHalfReceived_thenWaitsForTheRestAndItsAck() throws Exception {
        connect();
        byte[] packet = Packets.avl(Codec.CODEC_8, 1);
        device.send(Arrays.copyOf(packet, 20));
        Poll.until(DEADLINE, "the half frame read", () -> metric("teltonika_bytes_received_total") >= 17 + 20);

        server.commandRouter().deliver(command("c1", "getinfo"));
        Poll.until(DEADLINE, "the command in its slot", () -> metric("teltonika_commands_in_flight") == 1);
        device.assertSilentFor(QUIET);
        device.send(Arrays.copyOfRange(packet, 20, packet.length));

        assertThat(device.readAck()).isEqualTo(1);
        assertThat(received().text()).isEqualTo("getinfo");
    }

    @Test
    void deadline_whenPassedOnArrival_thenFailedExpiredAndNeverWritten() throws Exception {
        connect();

        server.commandRouter().deliver(command("c1", "setdigout 1", WriteDeadline.atWallMillis(System.currentTimeMillis() - 1)));

        Failed expired = outcomes.await(Failed.class, "c1");
        assertThat(expired.reason()).isEqualTo(CommandFailReason.EXPIRED);
        assertThat(expired.written()).isFalse();
        device.assertSilentFor(QUIET);
        assertThat(outcomes.of("c1")).hasSize(1);
        assertThat(metric("teltonika_commands_total{outcome=\"expired\"}")).isEqualTo(1);
        assertThat(metric("teltonika_commands_in_flight")).isZero();
    }

    @Test
    void deadline_whenItPassesWhileAnAckIsOwed_thenFailedExpiredAfterTheAckAndNeverWritten() throws Exception {
        HandCompletedSink sink = new HandCompletedSink();
        connect(sink, LONG);
        device.send(Packets.avl(Codec.CODEC_8, 2));
        HandCompletedSink.Pending held = sink.awaitBatch(DEADLINE);
        WriteDeadline deadline = WriteDeadline.atWallMillis(System.currentTimeMillis() + QUIET.toMillis());

        server.commandRouter().deliver(command("c1", "setdigout 1", deadline));
        Poll.until(DEADLINE, "the command in its slot", () -> metric("teltonika_commands_in_flight") == 1);
        Poll.until(DEADLINE, "the deadline passed while the ACK is owed", deadline::passed);
        held.complete();

        assertThat(device.readAck()).isEqualTo(2);
        Failed expired = outcomes.await(Failed.class, "c1");
        assertThat(expired.reason()).isEqualTo(CommandFailReason.EXPIRED);
        assertThat(expired.written()).isFalse();
        device.assertSilentFor(QUIET);
        assertThat(outcomes.of("c1")).hasSize(1);
    }

    @Test
    void deadline_whenAhead_thenWrittenAsUsual() throws Exception {
        connect();

        server.commandRouter().deliver(command("c1", "getinfo", WriteDeadline.atWallMillis(System.currentTimeMillis() + LONG.toMillis())));

        assertThat(received().text()).isEqualTo("getinfo");
        outcomes.await(Sent.class, "c1");
    }

    @Test
    void timeout_whenNoReply_thenFailedTimeoutThenLateReplyIsLateAndReadyAndTheWindowRefusesNewCommands() throws Exception {
        connect();

        server.commandRouter().deliver(command("c1", 12, "getinfo", Duration.ofMillis(200), true));
        received();
        Failed timeout = outcomes.await(Failed.class, "c1");
        server.commandRouter().deliver(command("c2", "getio"));
        Failed busy = outcomes.await(Failed.class, "c2");
        reply("late getinfo");
        Result late = outcomes.await(Result.class, "c1");
        outcomes.await(Ready.class, r -> r.conn() == conn);
        server.commandRouter().deliver(command("c3", "getver"));

        assertThat(timeout.reason()).isEqualTo(CommandFailReason.TIMEOUT);
        assertThat(timeout.written()).isTrue();
        assertThat(busy.reason()).isEqualTo(CommandFailReason.BUSY);
        assertThat(busy.written()).isFalse();
        assertThat(late.late()).isTrue();
        assertThat(new String(late.response(), StandardCharsets.UTF_8)).isEqualTo("late getinfo");
        assertThat(received().text()).as("the slot is free after the late reply").isEqualTo("getver");
        assertThat(metric("teltonika_commands_total{outcome=\"late\"}")).isEqualTo(1);
    }

    @Test
    void lateWindow_whenItEndsWithoutAReply_thenReadyAndALaterReplyIsUnsolicited() throws Exception {
        connect(new AcceptingSink(), Duration.ofMillis(200));

        server.commandRouter().deliver(command("c1", 12, "getinfo", Duration.ofMillis(100), true));
        received();
        outcomes.await(Ready.class, r -> r.conn() == conn);
        reply("too late");

        Poll.until(DEADLINE, "the reply counted as unsolicited",
                () -> metric("teltonika_command_replies_unsolicited_total") == 1);
        assertThat(outcomes.of("c1")).extracting(o -> o.getClass().getSimpleName()).containsExactly("Sent", "Failed");
    }

    @Test
    void noReply_whenWritten_thenSentOnlyAndTheSlotIsFreeAtOnce() throws Exception {
        connect();

        server.commandRouter().deliver(command("c1", 12, "setdigout 1", LONG, false));
        assertThat(received().text()).isEqualTo("setdigout 1");
        outcomes.await(Sent.class, "c1");
        server.commandRouter().deliver(command("c2", "getinfo"));

        assertThat(received().text()).isEqualTo("getinfo");
        reply("ok getinfo");
        outcomes.await(Result.class, "c2");
        assertThat(outcomes.of("c1")).hasSize(1);
    }

    @Test
    void close_whenTheCommandWaitsOnAnAck_thenClosedNotWritten() throws Exception {
        HandCompletedSink sink = new HandCompletedSink();
        connect(sink, LONG);
        device.send(Packets.avl(Codec.CODEC_8, 1));
        sink.awaitBatch(DEADLINE);
        server.commandRouter().deliver(command("c1", "getinfo"));
        Poll.until(DEADLINE, "the command in its slot", () -> metric("teltonika_commands_in_flight") == 1);

        device.close();

        Failed closed = outcomes.await(Failed.class, "c1");
        assertThat(closed.reason()).isEqualTo(CommandFailReason.CLOSED);
        assertThat(closed.written()).isFalse();
        assertThat(outcomes.of("c1")).hasSize(1);
    }

    @Test
    void close_whenAwaitingTheReply_thenClosedWritten() throws Exception {
        connect();
        server.commandRouter().deliver(command("c1", "getinfo"));
        received();
        outcomes.await(Sent.class, "c1");

        device.close();

        Failed closed = outcomes.await(Failed.class, "c1");
        assertThat(closed.reason()).isEqualTo(CommandFailReason.CLOSED);
        assertThat(closed.written()).isTrue();
        assertThat(metric("teltonika_commands_in_flight")).isZero();
    }

    @Test
    void codec14_whenTheDeviceAnswersNack_thenRejectedImei() throws Exception {
        connect();

        server.commandRouter().deliver(command("c1", 14, "getver", LONG, true));
        CommandMessage written = received();
        device.send(Packets.codec14(CommandMessage.TYPE_NACK, IMEI, ""));

        assertThat(written.codec()).isEqualTo(Codec.CODEC_14);
        assertThat(written.imei()).isEqualTo(IMEI);
        Failed rejected = outcomes.await(Failed.class, "c1");
        assertThat(rejected.reason()).isEqualTo(CommandFailReason.REJECTED_IMEI);
        assertThat(rejected.written()).isTrue();
    }

    @Test
    void route_whenConnOrImeiIsNotTheCurrentSocket_thenNotHeldAndNothingWritten() throws Exception {
        connect();

        server.commandRouter().deliver(new OutboundCommand("c1", IMEI, conn + 1, 1, 12, new byte[] {1}, LONG, true,
                WriteDeadline.NONE));
        server.commandRouter().deliver(new OutboundCommand("c2", OTHER_IMEI, conn, 1, 12, new byte[] {1}, LONG, true,
                WriteDeadline.NONE));

        for (String id : new String[] {"c1", "c2"}) {
            Failed failed = outcomes.await(Failed.class, id);
            assertThat(failed.reason()).as(id).isEqualTo(CommandFailReason.NOT_HELD);
            assertThat(failed.written()).as(id).isFalse();
        }
        device.assertSilentFor(QUIET);
        assertThat(metric("teltonika_commands_total{outcome=\"not_held\"}")).isEqualTo(2);
    }

    @Test
    void route_whenTheServerStopsAccepting_thenShutdown() throws Exception {
        connect();

        server.stopAccepting();
        server.commandRouter().deliver(command("c1", "getinfo"));

        Failed failed = outcomes.await(Failed.class, "c1");
        assertThat(failed.reason()).isEqualTo(CommandFailReason.SHUTDOWN);
        assertThat(failed.written()).isFalse();
    }

    @Test
    void unsolicited_whenDeviceSendsResponsesAndCodec13Unasked_thenCountedNeverCredited() throws Exception {
        connect();
        reply("nobody asked");
        Poll.until(DEADLINE, "the unasked response counted", () -> metric("teltonika_command_replies_unsolicited_total") == 1);

        server.commandRouter().deliver(command("c1", "getinfo"));
        received();
        outcomes.await(Sent.class, "c1");
        device.send(Packets.codec13(CommandMessage.TYPE_RESPONSE, 1_700_000_000L, "driver 12749884"));
        Poll.until(DEADLINE, "the Codec 13 message counted", () -> metric("teltonika_command_replies_unsolicited_total") == 2);
        assertThat(outcomes.of("c1")).hasSize(1);
        reply("ok getinfo");

        Result result = outcomes.await(Result.class, "c1");
        assertThat(new String(result.response(), StandardCharsets.UTF_8)).isEqualTo("ok getinfo");
    }

    @Test
    void busy_whenASecondCommandComesWhileTheFirstAwaitsItsReply_thenBusyNotWritten() throws Exception {
        connect();
        server.commandRouter().deliver(command("c1", "getinfo"));
        received();

        server.commandRouter().deliver(command("c2", "getio"));

        Failed busy = outcomes.await(Failed.class, "c2");
        assertThat(busy.reason()).isEqualTo(CommandFailReason.BUSY);
        assertThat(busy.written()).isFalse();
        device.assertSilentFor(QUIET);
        assertThat(outcomes.all()).noneMatch(o -> o instanceof CommandOutcome.Failed f && f.id().equals("c1"));
    }
}
