package com.fleetlink.bench.registry;

import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.protocol.local.LocalMessage.Hello;
import com.fleetlink.protocol.local.LocalMessage.Ping;
import com.fleetlink.protocol.local.LocalMessage.Pong;
import com.fleetlink.protocol.local.LocalMessage.Resync;
import com.fleetlink.protocol.local.LocalMessage.Welcome;
import com.fleetlink.protocol.local.LocalProtocol;
import com.fleetlink.protocol.local.LocalProtocolCodec;
import com.fleetlink.protocol.local.ParsedLine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays the ingestion on the sidecar's Unix socket, so the sidecar can be fed events faster than
 * real device sockets could make them: sends {@code hello}, waits for {@code welcome}, then writes
 * whatever pre-encoded lines the benchmark gives it. A reader thread answers every {@code ping} with
 * {@code pong} (else the sidecar drops the session after three) and counts {@code resync}s, which
 * would mean the benchmark's own numbering was wrong.
 */
final class FakeIngestion implements AutoCloseable {
    private static final int CHUNK = 64 * 1024;

    private final SocketChannel channel;
    private final CompletableFuture<Welcome> welcome = new CompletableFuture<>();
    private final AtomicLong resyncs = new AtomicLong();
    private final AtomicLong pongs = new AtomicLong();
    private final Thread reader;
    private volatile boolean closing;

    private FakeIngestion(SocketChannel channel) {
        this.channel = channel;
        this.reader = new Thread(this::readLoop, "fake-ingestion-reader");
        reader.setDaemon(true);
    }

    /** Connects, says hello and waits for the welcome. */
    static FakeIngestion connect(Path socket) {
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            FakeIngestion peer = new FakeIngestion(channel);
            peer.reader.start();
            peer.write(LocalProtocolCodec.encode(new Hello(LocalProtocol.VERSION, ProcessHandle.current().pid(),
                    UUID.randomUUID().toString())));
            peer.welcome.get(10, TimeUnit.SECONDS);
            return peer;
        } catch (Exception e) {
            throw new BenchFailure("could not start a session on " + socket + ": " + e, e);
        }
    }

    /**
     * Writes {@code bytes} (whole lines) completely; blocks while the sidecar is not reading. It goes
     * in chunks of whole lines, each under the lock, so a pong never lands inside a line and waits
     * at most for one chunk. Holding the lock for all of it would hold every pong until the last
     * line is read: on a busy machine that took longer than the three ping intervals the sidecar
     * allows, and it dropped the session in the middle of a benchmark.
     */
    void write(byte[] bytes) {
        int at = 0;
        while (at < bytes.length) {
            int end = chunkEnd(bytes, at);
            writeLocked(ByteBuffer.wrap(bytes, at, end - at));
            at = end;
        }
    }

    /** Just past the last newline within {@link #CHUNK} bytes of {@code from}, or past the first one if a line is longer. */
    private static int chunkEnd(byte[] bytes, int from) {
        int limit = Math.min(bytes.length, from + CHUNK);
        for (int i = limit - 1; i >= from; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        for (int i = limit; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return bytes.length;
    }

    void send(LocalMessage message) {
        write(LocalProtocolCodec.encode(message));
    }

    /** {@code resync}s received: a benchmark that numbers its events right gets none. */
    long resyncs() {
        return resyncs.get();
    }

    long pongs() {
        return pongs.get();
    }

    private synchronized void writeLocked(ByteBuffer buf) {
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } catch (IOException e) {
            throw new BenchFailure("writing to the sidecar failed: " + e, e);
        }
    }

    private void readLoop() {
        ByteBuffer in = ByteBuffer.allocate(8192);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            while (channel.read(in.clear()) >= 0) {
                for (int i = 0; i < in.position(); i++) {
                    byte b = in.get(i);
                    if (b != '\n') {
                        line.write(b);
                        continue;
                    }
                    byte[] bytes = line.toByteArray();
                    line.reset();
                    handle(LocalProtocolCodec.decode(bytes, 0, bytes.length));
                }
            }
            if (!closing) {
                System.err.println("fake ingestion: the sidecar closed the session");
            }
        } catch (IOException e) {
            if (!closing) {
                System.err.println("fake ingestion: reading failed: " + e);
            }
        }
        welcome.completeExceptionally(new IOException("session ended before welcome"));
    }

    private void handle(ParsedLine parsed) {
        if (!(parsed instanceof ParsedLine.Parsed p)) {
            System.err.println("fake ingestion: invalid line from the sidecar: " + parsed);
            return;
        }
        LocalMessage message = p.message();
        if (message instanceof Ping ping) {
            byte[] pong = LocalProtocolCodec.encode(new Pong(ping.n()));
            writeLocked(ByteBuffer.wrap(pong));
            pongs.incrementAndGet();
        } else if (message instanceof Welcome w) {
            welcome.complete(w);
        } else if (message instanceof Resync) {
            resyncs.incrementAndGet();
            System.err.println("fake ingestion: the sidecar asked for a resync");
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            channel.close();
            reader.join(Duration.ofSeconds(2).toMillis());
        } catch (IOException e) {
            // closing is best effort
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "fake ingestion session";
    }
}
