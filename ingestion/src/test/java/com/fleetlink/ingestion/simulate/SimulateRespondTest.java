package com.fleetlink.ingestion.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fleetlink.ingestion.command.CommandFailReason;
import com.fleetlink.ingestion.command.CommandOutcome.Failed;
import com.fleetlink.ingestion.command.CommandOutcome.Result;
import com.fleetlink.ingestion.command.OutboundCommand;
import com.fleetlink.ingestion.command.WriteDeadline;
import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.server.AcceptingSink;
import com.fleetlink.ingestion.server.IngestionServer;
import com.fleetlink.ingestion.server.RecordingOutcomes;
import com.fleetlink.ingestion.server.TestServers;
import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.teltonika.DecodeResult;
import com.fleetlink.ingestion.teltonika.DecodeResult.CommandMessage;
import com.fleetlink.ingestion.teltonika.TeltonikaPacketParser;
import com.fleetlink.ingestion.testkit.Packets;
import com.fleetlink.testkit.Poll;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code simulate --respond} against an in-process server that sends commands while the simulated
 * device streams packets as fast as they are acknowledged, and against a plain socket for the nACK.
 */
class SimulateRespondTest {
    private static final Duration DEADLINE = Duration.ofSeconds(5);
    private static final String OTHER_IMEI = "352093081452251";

    private final RecordingOutcomes outcomes = new RecordingOutcomes();
    private IngestionServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(TestServers.config(), new AcceptingSink(), new IngestionMetrics());
        server.setCommandOutcomes(outcomes);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private CompletableFuture<SimulatorRun> simulate(Object... respond) {
        Object[] args = {"--port", server.port(), "--devices", 1, "--duration", "3s", "--json"};
        Object[] all = new Object[args.length + respond.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(respond, 0, all, args.length, respond.length);
        return CompletableFuture.supplyAsync(() -> SimulatorRun.execute(all));
    }

    private long connOf(String imei) {
        Poll.until(DEADLINE, "the simulated device " + imei + " connected", () -> server.sessions().get(imei) != null);
        return server.sessions().get(imei).conn();
    }

    private static OutboundCommand command(String id, String imei, long conn, int codec, String text) {
        return new OutboundCommand(id, imei, conn, 1, codec, text.getBytes(StandardCharsets.UTF_8), DEADLINE, true,
                WriteDeadline.NONE);
    }

    @Test
    void respond_whenServerSendsCodec12And14Commands_thenAnswersEachAndNacksAnotherImei() throws Exception {
        CompletableFuture<SimulatorRun> running = simulate("--respond=20ms");
        String imei = SimulatedImei.of(0);
        long conn = connOf(imei);

        server.commandRouter().deliver(command("c12", imei, conn, 12, "getinfo"));
        Result codec12 = outcomes.await(Result.class, "c12");
        server.commandRouter().deliver(command("c14", imei, conn, 14, "getver"));
        Result codec14 = outcomes.await(Result.class, "c14");
        SimulatorRun run = running.get(30, TimeUnit.SECONDS);

        assertThat(new String(codec12.response(), StandardCharsets.UTF_8)).isEqualTo("ok getinfo");
        assertThat(new String(codec14.response(), StandardCharsets.UTF_8)).isEqualTo("ok getver");
        JsonNode report = run.json();
        assertThat(report.get("commandsReceived").asLong()).isEqualTo(2);
        assertThat(report.get("commandsAnswered").asLong()).isEqualTo(2);
        assertThat(report.get("wrongAcks").asLong()).isZero();
    }

    @Test
    void respond_whenOff_thenCommandsAreCountedButNeverAnswered() throws Exception {
        CompletableFuture<SimulatorRun> running = simulate();
        String imei = SimulatedImei.of(0);
        long conn = connOf(imei);

        server.commandRouter().deliver(new OutboundCommand("c1", imei, conn, 1, 12,
                "getinfo".getBytes(StandardCharsets.UTF_8), Duration.ofMillis(300), true, WriteDeadline.NONE));
        Failed timeout = outcomes.await(Failed.class, "c1");
        SimulatorRun run = running.get(30, TimeUnit.SECONDS);

        assertThat(timeout.reason()).isEqualTo(CommandFailReason.TIMEOUT);
        assertThat(run.json().get("commandsReceived").asLong()).isEqualTo(1);
        assertThat(run.json().get("commandsAnswered").asLong()).isZero();
    }

    @Test
    void respond_whenACodec14CommandNamesAnotherImei_thenNack() throws Exception {
        // The server only writes a device's own IMEI, so a plain socket plays the server that got it wrong.
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<SimulatorRun> running = CompletableFuture.supplyAsync(() -> SimulatorRun.execute(
                    "--port", listener.getLocalPort(), "--devices", 1, "--duration", "1s", "--respond", "--json"));
            try (Socket socket = listener.accept()) {
                socket.setSoTimeout((int) DEADLINE.toMillis());
                DataInputStream in = new DataInputStream(socket.getInputStream());
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                String imei = new String(in.readNBytes(in.readUnsignedShort()), StandardCharsets.US_ASCII);
                out.writeByte(1);
                out.write(Packets.codec14(CommandMessage.TYPE_COMMAND, OTHER_IMEI, "getver"));
                out.flush();

                CommandMessage answer = nextMessage(in, out);

                assertThat(answer.codec()).isEqualTo(Codec.CODEC_14);
                assertThat(answer.type()).isEqualTo(CommandMessage.TYPE_NACK);
                assertThat(answer.imei()).isEqualTo(imei);
            }
            JsonNode report = running.get(30, TimeUnit.SECONDS).json();
            assertThat(report.get("commandsAnswered").asLong()).isEqualTo(1);
        }
    }

    /** Reads frames from the device, acknowledging its AVL packets, until a message comes. */
    private static CommandMessage nextMessage(DataInputStream in, DataOutputStream out) throws Exception {
        while (true) {
            byte[] header = in.readNBytes(8);
            byte[] rest = in.readNBytes(ByteBuffer.wrap(header).getInt(4) + 4);
            DecodeResult result = TeltonikaPacketParser.parse(Unpooled.wrappedBuffer(header, rest));
            if (result instanceof DecodeResult.AvlPacket packet) {
                out.writeInt(packet.records().size());
                out.flush();
            } else {
                assertThat(result).isInstanceOf(CommandMessage.class);
                return (CommandMessage) result;
            }
        }
    }
}
