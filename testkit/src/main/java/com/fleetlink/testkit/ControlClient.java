package com.fleetlink.testkit;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A control client of the sidecar's socket, as an operator's command is (design §3): one request
 * line {@code {"type":"<type>"}}, one reply line, sent once Redis has confirmed the work.
 */
public final class ControlClient {
    private static final int READ_CHUNK = 4096;

    private ControlClient() {
    }

    /**
     * Sends the request {@code type} ({@code status}, {@code flush}, {@code release}) and returns the
     * reply line without its newline.
     *
     * @throws UncheckedIOException when the socket refuses the connection (no sidecar listens yet) or
     *                              the sidecar closes it before a whole line
     * @throws AssertionError when no whole line comes back within {@code timeout}
     */
    public static String request(Path socket, String type, Duration timeout) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
             Selector selector = Selector.open()) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.wrap(("{\"type\":\"" + type + "\"}\n").getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            // Non-blocking with a selector: a blocking read on a Unix socket cannot time out.
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            return readLine(channel, selector, type, timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(type + " request on " + socket + " failed", e);
        }
    }

    private static String readLine(SocketChannel channel, Selector selector, String type, Duration timeout)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        ByteBuffer in = ByteBuffer.allocate(READ_CHUNK);
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new AssertionError("no reply to " + type + " within " + timeout.toMillis() + " ms");
            }
            selector.select(left);
            selector.selectedKeys().clear();
            in.clear();
            int n = channel.read(in);
            if (n < 0) {
                throw new EOFException("the sidecar closed the connection before replying to " + type
                        + (reply.size() > 0 ? " (got " + reply + ")" : ""));
            }
            for (int i = 0; i < n; i++) {
                if (in.get(i) == '\n') {
                    reply.write(in.array(), 0, i);
                    return reply.toString(StandardCharsets.UTF_8);
                }
            }
            reply.write(in.array(), 0, n);
        }
    }
}
