package com.fleetlink.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control client against a real Unix socket whose far end this test plays. */
class ControlClientTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private ServerSocketChannel server;
    private final CompletableFuture<String> request = new CompletableFuture<>();

    @AfterEach
    void closeServer() throws IOException {
        server.close();
    }

    /** Listens on a socket in {@code dir}; the one peer reads the request line, then {@code answer} acts on it. */
    private Path listen(Consumer<SocketChannel> answer) throws IOException {
        Path socket = dir.resolve("control.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread peer = new Thread(() -> {
            try (SocketChannel channel = server.accept()) {
                request.complete(readLine(channel));
                answer.accept(channel);
            } catch (IOException e) {
                request.completeExceptionally(e);
            }
        }, "control-peer");
        peer.setDaemon(true);
        peer.start();
        return socket;
    }

    private static String readLine(SocketChannel channel) throws IOException {
        StringBuilder line = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (channel.read(one.clear()) > 0 && one.get(0) != '\n') {
            line.append((char) one.get(0));
        }
        return line.toString();
    }

    private static void write(SocketChannel channel, String text) {
        try {
            ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                channel.write(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void request_sendsOneLine_andReturnsTheFirstReplyLineWithoutItsNewline() throws Exception {
        Path socket = listen(channel -> write(channel, "{\"type\":\"status\"}\n{\"type\":\"later\"}\n"));

        assertThat(ControlClient.request(socket, "status", WAIT)).isEqualTo("{\"type\":\"status\"}");
        assertThat(request.get()).isEqualTo("{\"type\":\"status\"}");
    }

    @Test
    void request_whenNoReplyComes_failsAtItsTimeout() throws Exception {
        CompletableFuture<Void> released = new CompletableFuture<>();
        Path socket = listen(channel -> released.join());
        Duration timeout = Duration.ofMillis(300);
        long started = System.nanoTime();
        try {
            assertThatThrownBy(() -> ControlClient.request(socket, "flush", timeout))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("no reply to flush");
        } finally {
            released.complete(null);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WAIT.dividedBy(2));
    }

    @Test
    void request_whenThePeerClosesBeforeAWholeLine_isAnIoFailure() throws Exception {
        Path socket = listen(channel -> write(channel, "{\"type\""));

        assertThatThrownBy(() -> ControlClient.request(socket, "release", WAIT))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("release");
    }
}
