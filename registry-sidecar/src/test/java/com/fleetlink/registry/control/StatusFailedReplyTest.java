package com.fleetlink.registry.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.registry.testkit.CommandRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} against a sidecar that could not build its report and answered with a failure line:
 * a real Unix socket whose listener answers every request with that line.
 */
class StatusFailedReplyTest {
    private static final String FAILED = "{\"type\":\"status\",\"ok\":false,\"error\":\"java.lang.IllegalStateException: boom\"}";

    @TempDir
    Path dir;

    private ServerSocketChannel listener;
    private Thread answering;

    @BeforeEach
    void listen() throws IOException {
        listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(dir.resolve("failing.sock")));
        answering = new Thread(this::answerEveryRequest, "failing-sidecar");
        answering.start();
    }

    @AfterEach
    void close() throws Exception {
        listener.close();
        answering.join();
    }

    private void answerEveryRequest() {
        while (listener.isOpen()) {
            try (SocketChannel client = listener.accept()) {
                readRequestLine(client);
                client.write(ByteBuffer.wrap((FAILED + "\n").getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                if (listener.isOpen()) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** The reply follows the whole request, as the sidecar's does. */
    private static void readRequestLine(SocketChannel client) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        while (client.read(one) > 0 && one.get(0) != '\n') {
            one.clear();
        }
    }

    private CommandRun status(String... flags) {
        String[] args = new String[flags.length + 3];
        args[0] = "status";
        args[1] = "--socket";
        args[2] = dir.resolve("failing.sock").toString();
        System.arraycopy(flags, 0, args, 3, flags.length);
        return CommandRun.execute(args);
    }

    @Test
    void status_whenTheReportFailed_thenOneLineSayingWhyAndExit1() {
        CommandRun run = status();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("status failed: java.lang.IllegalStateException: boom\n");
    }

    @Test
    void statusImei_whenTheReportFailed_thenOneLineSayingWhyAndExit1() {
        CommandRun run = status("--imei", "356307042441013");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("status failed: java.lang.IllegalStateException: boom\n");
    }

    @Test
    void statusJson_whenTheReportFailed_thenTheLineAsItCameAndExit1() {
        CommandRun run = status("--json");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo(FAILED + "\n");
    }
}
