package com.fleetlink.bench.registry;

import com.fleetlink.testkit.Poll;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The least a line to the sidecar costs on this machine when the lines come a few milliseconds apart,
 * against which the registry client's own cost under churn can be read (issue 14: its threads' share
 * of the ingestion's CPU).
 *
 * <p>A producer thread, standing in for an event loop, makes a line of the size of a {@code register}
 * line at a steady rate ({@code --rate}, the churn bench's lines a second). Two ways of getting it to
 * a Unix socket, whose other end a reader thread blocks on as the sidecar's loop waits in epoll,
 * alternate in legs:
 * <ul>
 *   <li>{@code hop}: the producer queues the line and unparks a writer thread of its own, which writes
 *       it and parks again: the registry client's design, without its JSON, metrics or protocol;</li>
 *   <li>{@code direct}: the producer writes the line itself, no thread in between.</li>
 * </ul>
 * Figures: CPU time per line (utime + stime of the thread, {@link ThreadMXBean}, nanosecond
 * resolution) of the writer thread in {@code hop} legs, of the producer's queueing and unpark in
 * {@code hop} legs, and of the producer's write in {@code direct} legs, each with its median, min and
 * max over the legs. A busy host only adds to a leg's thread clock, so the floor is the min.
 */
public final class WriterWakeupFloor implements BenchMain.Bench {
    private static final byte[] LINE = ("{\"type\":\"register\",\"imei\":\"356307042441013\",\"conn\":\"c-0000001\","
            + "\"at\":1733580000000,\"seq\":1234567}\n").getBytes(StandardCharsets.US_ASCII);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Duration WARM_UP = Duration.ofSeconds(4);
    /** The longest wait for the writer to fall asleep at a leg's start, or to empty its queue at the end. */
    private static final Duration SETTLE = Duration.ofSeconds(5);

    private final int rate;
    private final Duration leg;
    private final int repeats;

    private WriterWakeupFloor(BenchFlags flags) {
        rate = flags.integer("rate", 300, "lines a second (the churn bench writes about 280)");
        leg = flags.duration("leg", "8s", "length of each leg");
        repeats = flags.integer("repeats", 5, "hop and direct legs, alternated");
        if (rate < 1 || repeats < 1) {
            throw new BenchFlags.UsageException("WriterWakeupFloor: --rate and --repeats must be positive");
        }
    }

    public static void main(String[] args) {
        BenchMain.run("WriterWakeupFloor", args, Duration.ofMinutes(10), WriterWakeupFloor::new);
    }

    @Override
    public Map<String, Object> run(BenchSession session) throws Exception {
        return measure(session.dir(), rate, leg, repeats);
    }

    /**
     * Warm-up legs, then {@code repeats} {@code hop} and {@code direct} legs of {@code leg} each at
     * {@code rate} lines a second, alternated, their sockets in {@code dir}; the figures as the class
     * comment says.
     */
    static Map<String, Object> measure(Path dir, int rate, Duration leg, int repeats) throws Exception {
        List<Map<String, Object>> hop = new ArrayList<>();
        List<Map<String, Object>> direct = new ArrayList<>();
        List<Map<String, Object>> legs = new ArrayList<>();
        // A short leg of each first, so that neither is measured while the JIT compiles it.
        runLeg(dir.resolve("warm-hop.sock"), true, rate, WARM_UP);
        runLeg(dir.resolve("warm-direct.sock"), false, rate, WARM_UP);
        for (int i = 1; i <= repeats; i++) {
            Map<String, Object> h = runLeg(dir.resolve("hop-" + i + ".sock"), true, rate, leg);
            h.put("leg", "hop-" + i);
            hop.add(h);
            Map<String, Object> d = runLeg(dir.resolve("direct-" + i + ".sock"), false, rate, leg);
            d.put("leg", "direct-" + i);
            direct.add(d);
            legs.add(h);
            legs.add(d);
            BenchMain.say("hop-%d: writer %.1f µs/line, producer %.1f µs/line; direct-%d: producer's write %.1f µs/line",
                    i, (double) h.get("writerMicrosPerLine"), (double) h.get("producerMicrosPerLine"), i,
                    (double) d.get("producerMicrosPerLine"));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rate", rate);
        out.put("legSeconds", leg.toMillis() / 1000.0);
        out.put("lineBytes", LINE.length);
        out.put("hopWriterMicrosPerLine", Spread.of(hop, "writerMicrosPerLine").toJson("legs"));
        out.put("hopProducerMicrosPerLine", Spread.of(hop, "producerMicrosPerLine").toJson("legs"));
        out.put("directProducerMicrosPerLine", Spread.of(direct, "producerMicrosPerLine").toJson("legs"));
        out.put("legs", legs);
        return out;
    }

    /** One leg on a fresh socket; {@code hop}: through a writer thread, else written by the producer. */
    private static Map<String, Object> runLeg(Path socketPath, boolean hop, int rate, Duration length) throws Exception {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(socketPath);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(address);
            SocketChannel out = SocketChannel.open(address);
            SocketChannel in = server.accept();
            Thread reader = new Thread(() -> drain(in), "floor-reader");
            reader.setDaemon(true);
            reader.start();
            Writer writer = hop ? new Writer(out) : null;
            if (writer != null) {
                writer.start();
            }
            long lines = 0;
            long producerNanos = 0;
            long period = 1_000_000_000L / rate;
            long start = System.nanoTime();
            long end = start + length.toNanos();
            long writerBefore = writer == null ? 0 : THREADS.getThreadCpuTime(writer.thread.getId());
            for (long next = start; next < end; next += period) {
                for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                long before = THREADS.getCurrentThreadCpuTime();
                if (writer != null) {
                    writer.offer();
                } else {
                    writeFully(out, ByteBuffer.wrap(LINE));
                }
                producerNanos += THREADS.getCurrentThreadCpuTime() - before;
                lines++;
            }
            long writerNanos = 0;
            if (writer != null) {
                writer.awaitEmpty();
                writerNanos = THREADS.getThreadCpuTime(writer.thread.getId()) - writerBefore;
                writer.stop();
            }
            out.close();
            reader.join(5_000);
            in.close();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lines", lines);
            m.put("writerMicrosPerLine", Stats.round(writerNanos / 1e3 / lines, 2));
            m.put("producerMicrosPerLine", Stats.round(producerNanos / 1e3 / lines, 2));
            m.put("loadAverage", ProcFs.loadAverage());
            return m;
        }
    }

    private static void drain(SocketChannel in) {
        ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
        try {
            while (in.read(buf) >= 0) {
                buf.clear();
            }
        } catch (IOException e) {
            // The leg closed the socket: the reader is done.
        }
    }

    private static void writeFully(SocketChannel out, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            out.write(buf);
        }
    }

    /** The writer thread of a {@code hop} leg: sleeps until a line is queued, writes what is queued, sleeps again. */
    private static final class Writer {
        private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean sleeping = new AtomicBoolean();
        private final SocketChannel out;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        private final Thread thread;
        private volatile boolean running = true;

        Writer(SocketChannel out) {
            this.out = out;
            this.thread = new Thread(this::loop, "floor-writer");
            thread.setDaemon(true);
        }

        /** Starts the thread and returns once it sleeps, so its start is not charged to the lines. */
        void start() {
            thread.start();
            Poll.untilOrTimeout(SETTLE, Duration.ofMillis(1), sleeping::get);
        }

        void offer() {
            queue.offer(LINE);
            if (sleeping.get() && sleeping.compareAndSet(true, false)) {
                LockSupport.unpark(thread);
            }
        }

        private void loop() {
            try {
                while (running) {
                    byte[] line = queue.poll();
                    if (line != null) {
                        buffer.put(line);
                        for (line = queue.poll(); line != null; line = queue.poll()) {
                            buffer.put(line);
                        }
                        buffer.flip();
                        writeFully(out, buffer);
                        buffer.clear();
                        continue;
                    }
                    sleeping.set(true);
                    if (queue.isEmpty() && running) {
                        LockSupport.park(this);
                    }
                    sleeping.set(false);
                }
            } catch (IOException e) {
                throw new BenchFailure("floor writer: " + e);
            }
        }

        void awaitEmpty() {
            Poll.untilOrTimeout(SETTLE, Duration.ofMillis(1), queue::isEmpty);
        }

        void stop() throws InterruptedException {
            running = false;
            LockSupport.unpark(thread);
            thread.join(5_000);
        }
    }
}
