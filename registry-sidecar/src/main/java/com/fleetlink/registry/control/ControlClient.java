package com.fleetlink.registry.control;

import com.fleetlink.protocol.cli.CommandFailure.DaemonUnreachable;
import com.fleetlink.protocol.control.ControlReply;
import com.fleetlink.protocol.io.BoundedLineReader;
import com.fleetlink.protocol.io.BoundedLineReader.Line;
import com.fleetlink.protocol.io.BoundedLineReader.Read;
import com.fleetlink.protocol.io.BoundedLineReader.TooLong;
import com.fleetlink.protocol.control.ControlReplyCodec;
import com.fleetlink.protocol.local.LocalMessage.ControlRequest;
import com.fleetlink.protocol.local.LocalProtocolCodec;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The operators' side of a control connection: sends one request line to the sidecar's socket and
 * reads the one JSON reply line, all within a deadline. Every way of not getting an answer — no
 * socket file, connection refused (no daemon behind a stale file), the connection closed early, or
 * silence until the deadline — is a {@link DaemonUnreachable}, which the commands turn into exit 3.
 */
final class ControlClient {
    /** A reply is a small JSON object; a longer one means something other than a sidecar answers. */
    private static final int MAX_REPLY_BYTES = 1 << 20;

    private final Path socket;
    private final Duration timeout;

    /**
     * @param timeout the deadline for connecting, sending and the whole reply
     */
    ControlClient(Path socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
    }

    /**
     * Sends {@code request} and returns the reply line, read as {@code type}.
     *
     * @throws DaemonUnreachable also when the answer is not such a reply
     */
    <T extends ControlReply> ControlAnswer<T> call(ControlRequest request, Class<T> type) {
        if (!Files.exists(socket)) {
            throw unreachable("no socket at " + socket + " (is the sidecar running? --socket / REGISTRY_SOCKET)", null);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        String line;
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            // A Unix socket connects at once or fails at once: blocking here cannot hang.
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.configureBlocking(false);
            try (Selector selector = Selector.open()) {
                send(channel, selector, ByteBuffer.wrap(LocalProtocolCodec.encode(request)), deadline);
                line = receiveLine(channel, selector, deadline);
            }
        } catch (IOException e) {
            throw unreachable("cannot talk to the sidecar at " + socket + ": " + e.getMessage(), e);
        }
        try {
            return new ControlAnswer<>(line, ControlReplyCodec.decode(line, type));
        } catch (IllegalArgumentException e) {
            throw unreachable("the sidecar at " + socket + " answered something that is not a " + request.type()
                    + " reply (" + e.getMessage() + "): " + line, e);
        }
    }

    private void send(SocketChannel channel, Selector selector, ByteBuffer bytes, long deadline) throws IOException {
        SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
        while (bytes.hasRemaining()) {
            if (channel.write(bytes) == 0) {
                awaitReady(selector, deadline);
            }
        }
        key.interestOps(SelectionKey.OP_READ);
    }

    private String receiveLine(SocketChannel channel, Selector selector, long deadline) throws IOException {
        // The channel is non-blocking so the wait can end at the deadline; the source blocks until then.
        BoundedLineReader reader = new BoundedLineReader((buf, offset, length) -> {
            int n;
            while ((n = channel.read(ByteBuffer.wrap(buf, offset, length))) == 0) {
                awaitReady(selector, deadline);
            }
            return n;
        }, MAX_REPLY_BYTES);
        Read read = reader.next();
        if (read instanceof Line line && line.terminated()) {
            return line.text();
        }
        if (read instanceof TooLong) {
            throw unreachable("the answer on " + socket + " exceeds " + MAX_REPLY_BYTES + " bytes without a newline", null);
        }
        throw unreachable("the sidecar at " + socket + " closed the connection without an answer", null);
    }

    private void awaitReady(Selector selector, long deadline) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0 || selector.select(Math.max(1, left / 1_000_000)) == 0 && System.nanoTime() >= deadline) {
            throw unreachable("the sidecar at " + socket + " did not answer within " + timeout.toMillis() + " ms", null);
        }
        selector.selectedKeys().clear();
    }

    private static DaemonUnreachable unreachable(String message, Throwable cause) {
        return new DaemonUnreachable(message, cause);
    }
}
