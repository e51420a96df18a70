package com.fleetlink.registry.testkit;

import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.protocol.local.LocalProtocol;
import com.fleetlink.protocol.local.LocalProtocolCodec;
import com.fleetlink.protocol.local.ParsedLine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test's end of the sidecar's Unix socket: writes local-protocol lines and collects what the
 * sidecar answers on a reader thread, so a test can wait for a given reply with a deadline. Like a
 * healthy ingestion it answers every ping, unless made {@linkplain #connectWedged wedged}.
 */
public final class LocalClient implements AutoCloseable {
    private final SocketChannel channel;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;
    private final boolean answerPings;

    private LocalClient(SocketChannel channel, boolean answerPings) {
        this.channel = channel;
        this.answerPings = answerPings;
        this.reader = new Thread(this::readLoop, "local-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects to the socket at {@code path}; pings are answered. */
    public static LocalClient connect(Path path) throws IOException {
        return new LocalClient(open(path), true);
    }

    /**
     * Connects as a fresh ingestion holding nothing: {@code hello} (with {@code boot}), waits for
     * {@code welcome}, then sends a complete empty snapshot, so the sidecar's held set is complete.
     */
    public static LocalClient attachEmpty(Path path, String boot, Duration timeout) throws IOException, InterruptedException {
        LocalClient ingestion = connect(path);
        ingestion.send(new LocalMessage.Hello(LocalProtocol.VERSION, ProcessHandle.current().pid(), boot));
        ingestion.await(LocalMessage.Welcome.class, timeout);
        ingestion.send(new LocalMessage.Snapshot(boot + "-snapshot", java.util.List.of(), true));
        return ingestion;
    }

    /** Connects like an ingestion whose event loops are stuck: pings go unanswered. */
    public static LocalClient connectWedged(Path path) throws IOException {
        return new LocalClient(open(path), false);
    }

    private static SocketChannel open(Path path) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(path));
        return channel;
    }

    private void readLoop() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (answerPings && LocalProtocolCodec.decode(line) instanceof ParsedLine.Parsed p
                        && p.message() instanceof LocalMessage.Ping ping) {
                    send(new LocalMessage.Pong(ping.n()));
                }
                lines.add(line);
            }
        } catch (IOException e) {
            // The test closed the connection, or the sidecar did: either ends the reading.
        }
        lines.add("<eof>");
    }

    /** Sends one message. */
    public void send(LocalMessage message) throws IOException {
        write(LocalProtocolCodec.encode(message));
    }

    /** Sends raw bytes, e.g. a malformed line. */
    public synchronized void write(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** The next line the sidecar sent, waiting up to {@code timeout}; {@code null} when none came. */
    public String nextLine(Duration timeout) throws InterruptedException {
        return lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits for the next message of the given type, skipping others (pings, for instance). */
    @SuppressWarnings("unchecked")
    public <T extends LocalMessage> T await(Class<T> type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null || line.equals("<eof>")) {
                throw new AssertionError("no " + type.getSimpleName() + " within " + timeout.toMillis() + " ms"
                        + (line == null ? "" : " (connection closed)"));
            }
            ParsedLine parsed = LocalProtocolCodec.decode(line);
            if (parsed instanceof ParsedLine.Parsed p && type.isInstance(p.message())) {
                return (T) p.message();
            }
        }
    }

    /** Whether the sidecar closed the connection within {@code timeout}. */
    public boolean closedWithin(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(20, TimeUnit.MILLISECONDS);
            if ("<eof>".equals(line)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
