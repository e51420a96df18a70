package com.fleetlink.ingestion.registry;

import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.protocol.local.LocalMessage.HeldDevice;
import com.fleetlink.protocol.local.LocalMessage.Released;
import com.fleetlink.protocol.local.LocalMessage.Shutdown;
import com.fleetlink.protocol.local.LocalMessage.Snapshot;
import com.fleetlink.protocol.local.LocalProtocolCodec;
import com.fleetlink.protocol.local.ParsedLine;
import com.fleetlink.testkit.Poll;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

/**
 * The sidecar's end of the local socket, for tests: accepts connections on a real Unix socket,
 * decodes every line with the shared codec and records it, and sends what the test tells it to.
 *
 * <p>{@code expect…} reads the recorded lines like a stream: each call returns the next match
 * after the previous one, waiting up to {@link Poll#TIMEOUT} for it.
 */
final class FakeSidecar implements AutoCloseable {

    /** One decoded line and the connection (0, 1, …) it came on. */
    record Line(int connection, LocalMessage message) {
    }

    /** A snapshot reassembled from its chunks. */
    record FullSnapshot(int connection, String snap, int chunks, List<HeldDevice> devices) {
    }

    private final Path path;
    private final ServerSocketChannel server;
    private final List<SocketChannel> connections = new CopyOnWriteArrayList<>();
    private final List<Line> lines = new ArrayList<>();
    private final List<String> invalid = new CopyOnWriteArrayList<>();
    private int cursor;
    private volatile CountDownLatch readGate = new CountDownLatch(0);
    private volatile Integer releaseOnShutdown;

    private FakeSidecar(Path path, ServerSocketChannel server) {
        this.path = path;
        this.server = server;
        Thread acceptor = new Thread(this::accept, "fake-sidecar-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on {@code path}, replacing a stale socket file there. */
    static FakeSidecar listen(Path path) throws IOException {
        Files.deleteIfExists(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        return new FakeSidecar(path, server);
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.size();
    }

    /** Every line received so far. */
    synchronized List<Line> lines() {
        return List.copyOf(lines);
    }

    /** Lines the codec refused; the client must never send one. */
    List<String> invalidLines() {
        return List.copyOf(invalid);
    }

    /** Answers every {@code shutdown} with {@code released{count}}. */
    void releaseOnShutdown(int count) {
        releaseOnShutdown = count;
    }

    /** Stops reading from the sockets (after at most one more read), so the client's writes back up. */
    void pauseReading() {
        readGate = new CountDownLatch(1);
    }

    void resumeReading() {
        readGate.countDown();
    }

    /** The next line of {@code type} after the previous match. */
    <T extends LocalMessage> T expect(Class<T> type) {
        return expect(type, m -> true);
    }

    /** The next line of {@code type} that {@code matching} accepts, after the previous match. */
    <T extends LocalMessage> T expect(Class<T> type, Predicate<? super T> matching) {
        return type.cast(expectLine(type, matching).message());
    }

    /** The next line of {@code type} that {@code matching} accepts, with its connection. */
    synchronized <T extends LocalMessage> Line expectLine(Class<T> type, Predicate<? super T> matching) {
        long deadline = System.nanoTime() + Poll.DEFAULT_DEADLINE.toNanos();
        int from = cursor;
        while (true) {
            for (; from < lines.size(); from++) {
                LocalMessage m = lines.get(from).message();
                if (type.isInstance(m) && matching.test(type.cast(m))) {
                    cursor = from + 1;
                    return lines.get(from);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + type.getSimpleName() + " matching within " + Poll.DEFAULT_DEADLINE.toMillis()
                        + " ms; received " + describe(lines.subList(cursor, lines.size())));
            }
            waitNanos(left);
        }
    }

    /** Fails if a line of {@code type} that {@code matching} accepts arrives after the previous match within {@code window}. */
    synchronized <T extends LocalMessage> void expectNone(Class<T> type, Predicate<? super T> matching, Duration window) {
        long deadline = System.nanoTime() + window.toNanos();
        int from = cursor;
        while (true) {
            for (; from < lines.size(); from++) {
                LocalMessage m = lines.get(from).message();
                if (type.isInstance(m) && matching.test(type.cast(m))) {
                    throw new AssertionError("unexpected " + m);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            waitNanos(left);
        }
    }

    /** The next complete snapshot: chunks of one {@code snap} id up to the one with {@code last}. */
    FullSnapshot expectSnapshot() {
        Line first = expectLine(Snapshot.class, s -> true);
        Snapshot chunk = (Snapshot) first.message();
        List<HeldDevice> devices = new ArrayList<>(chunk.imeis());
        int chunks = 1;
        while (!chunk.last()) {
            String snap = chunk.snap();
            chunk = expect(Snapshot.class, s -> s.snap().equals(snap));
            devices.addAll(chunk.imeis());
            chunks++;
        }
        return new FullSnapshot(first.connection(), chunk.snap(), chunks, devices);
    }

    /**
     * The newest complete snapshot among the lines up to the previous match, such as a pong that
     * followed it; the chunks of one snapshot arrive back to back.
     */
    synchronized FullSnapshot latestSnapshot() {
        for (int end = cursor - 1; end >= 0; end--) {
            if (lines.get(end).message() instanceof Snapshot last && last.last()) {
                int first = end;
                while (first > 0 && lines.get(first - 1).message() instanceof Snapshot chunk
                        && chunk.snap().equals(last.snap()) && !chunk.last()) {
                    first--;
                }
                List<HeldDevice> devices = new ArrayList<>();
                for (int i = first; i <= end; i++) {
                    devices.addAll(((Snapshot) lines.get(i).message()).imeis());
                }
                return new FullSnapshot(lines.get(end).connection(), last.snap(), end - first + 1, devices);
            }
        }
        throw new AssertionError("no complete snapshot before " + describe(lines.subList(0, cursor)));
    }

    /** Sends {@code message} on the newest connection. */
    void send(LocalMessage message) throws IOException {
        write(connections.get(connections.size() - 1), LocalProtocolCodec.encode(message));
    }

    /** Sends raw bytes (a line is expected to end with a newline) on the newest connection. */
    void sendRaw(String text) throws IOException {
        write(connections.get(connections.size() - 1), text.getBytes(StandardCharsets.UTF_8));
    }

    /** Closes the listening socket and every connection, and removes the socket file: the sidecar is gone. */
    @Override
    public void close() throws IOException {
        readGate.countDown();
        server.close();
        for (SocketChannel ch : connections) {
            ch.close();
        }
        Files.deleteIfExists(path);
    }

    private void accept() {
        try {
            while (true) {
                SocketChannel ch = server.accept();
                int index = connections.size();
                connections.add(ch);
                Thread reader = new Thread(() -> read(ch, index), "fake-sidecar-read-" + index);
                reader.setDaemon(true);
                reader.start();
            }
        } catch (IOException closed) {
            // the test closed the sidecar
        }
    }

    private void read(SocketChannel ch, int connection) {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            while (true) {
                readGate.await();
                buf.clear();
                if (ch.read(buf) < 0) {
                    return;
                }
                List<Line> batch = new ArrayList<>();
                for (int i = 0; i < buf.position(); i++) {
                    byte b = buf.get(i);
                    if (b != '\n') {
                        line.write(b);
                        continue;
                    }
                    byte[] bytes = line.toByteArray();
                    line.reset();
                    ParsedLine parsed = LocalProtocolCodec.decode(bytes, 0, bytes.length);
                    if (parsed instanceof ParsedLine.Parsed p) {
                        batch.add(new Line(connection, p.message()));
                        Integer release = releaseOnShutdown;
                        if (p.message() instanceof Shutdown && release != null) {
                            write(ch, LocalProtocolCodec.encode(new Released(release)));
                        }
                    } else {
                        invalid.add(new String(bytes, StandardCharsets.UTF_8) + " -> " + parsed);
                    }
                }
                synchronized (this) {
                    lines.addAll(batch);
                    notifyAll();
                }
            }
        } catch (IOException | InterruptedException e) {
            // connection closed by either side
        }
    }

    private static void write(SocketChannel ch, byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        synchronized (ch) {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
    }

    private void waitNanos(long nanos) {
        try {
            long millis = Math.max(1, nanos / 1_000_000);
            wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String describe(List<Line> lines) {
        List<String> types = new ArrayList<>();
        for (Line l : lines.subList(Math.max(0, lines.size() - 20), lines.size())) {
            types.add(l.connection() + ":" + l.message());
        }
        return lines.size() + " lines, last " + types;
    }
}
