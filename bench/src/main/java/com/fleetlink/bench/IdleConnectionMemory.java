package com.fleetlink.bench;

import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.server.ImeiPolicy;
import com.fleetlink.ingestion.server.IngestionConfig;
import com.fleetlink.ingestion.server.IngestionServer;
import com.sun.management.UnixOperatingSystemMXBean;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Heap an idle, handshaken device socket costs the server: starts an {@link IngestionServer}
 * in this JVM, lets an {@link IdleClientFleet} in a child JVM open N sockets and complete the IMEI
 * handshake on each, then compares this JVM's heap after full collections before and after. The
 * clients live in the other JVM, so the difference is the server's alone.
 *
 * <p>Prints a summary, the classes the heap grew by (a live-object histogram difference, the same
 * data as {@code jcmd <pid> GC.class_histogram}), and last one JSON line with {@code connections},
 * {@code heapBeforeBytes}, {@code heapAfterBytes} and {@code bytesPerConnection}.
 *
 * <p>Usage: {@code IdleConnectionMemory [--connections N] [--top K]}; N defaults to 20,000. The
 * server and the child each hold N sockets, so the open-file limit must exceed N in both.
 */
public final class IdleConnectionMemory {
    /** The per-connection budget the issue sets: 4 KiB of heap. */
    static final long TARGET_BYTES_PER_CONNECTION = 4096;
    private static final int DEFAULT_CONNECTIONS = 20_000;
    private static final int DEFAULT_TOP = 20;
    /** Descriptors the JVM may still open besides the sockets: jars, epoll fds of new event loops. */
    private static final int FD_MARGIN = 64;
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration REGISTER_TIMEOUT = Duration.ofSeconds(30);
    /** Enough sockets to load every class and fill every lazily built cache of the connection path. */
    private static final int WARM_UP_CONNECTIONS = 200;

    private IdleConnectionMemory() {
    }

    /** What to measure, from the command line. */
    record Options(int connections, int top) {
        static Options parse(String[] args) {
            int connections = DEFAULT_CONNECTIONS;
            int top = DEFAULT_TOP;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--connections" -> connections = positive(args[i], value);
                    case "--top" -> top = positive(args[i], value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; usage: IdleConnectionMemory [--connections N] [--top K]");
                }
                i++;
            }
            return new Options(connections, top);
        }

        private static int positive(String option, String value) {
            if (value == null || !value.matches("\\d{1,9}") || Integer.parseInt(value) == 0) {
                throw new IllegalArgumentException(option + " needs a positive number, not " + value);
            }
            return Integer.parseInt(value);
        }
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        int n = options.connections();
        // Defaults except the host: nothing outside this machine needs to reach the probe.
        IngestionConfig config = new IngestionConfig("127.0.0.1", 0, IngestionConfig.DEFAULT_MAX_FRAME_LENGTH,
                IngestionConfig.DEFAULT_IDLE_TIMEOUT, ImeiPolicy.DIGITS_ONLY,
                IngestionConfig.DEFAULT_MAX_PENDING_ACKS, IngestionConfig.DEFAULT_MAX_BAD_CRC_IN_A_ROW,
                IngestionConfig.DEFAULT_DRAIN_TIMEOUT);
        IngestionServer server = new IngestionServer(config, new DiscardingSink(), new IngestionMetrics());
        server.start();
        try {
            String fdProblem = fileDescriptorProblem(n);
            if (fdProblem != null) {
                System.err.println(fdProblem);
                System.exit(3);
            }
            measure(server, options);
        } finally {
            server.stop();
        }
    }

    private static void measure(IngestionServer server, Options options) throws Exception {
        int n = options.connections();
        warmUp(server);
        // Taken first so the histogram's own map is in both heap readings, not only in the second.
        ClassHistogram histogramBefore = ClassHistogram.take();
        long heapBefore = SettledHeap.usedBytes();
        long directBefore = usedDirectMemory();

        long started = System.nanoTime();
        try (ClientFleetProcess fleet = ClientFleetProcess.start("127.0.0.1", server.port(), n)) {
            fleet.awaitReady(READY_TIMEOUT);
            awaitSessions(server, n);
            long connectMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            long heapAfter = SettledHeap.usedBytes();
            long directAfter = usedDirectMemory();
            ClassHistogram histogramAfter = ClassHistogram.take();
            if (server.sessions().size() != n) {
                throw new IllegalStateException("sessions dropped to " + server.sessions().size() + " while measuring");
            }
            long perConnection = Math.round((heapAfter - heapBefore) / (double) n);
            report(n, connectMillis, heapBefore, heapAfter, perConnection, directBefore, directAfter,
                    histogramAfter.totalBytes() - histogramBefore.totalBytes(),
                    histogramBefore.growthTo(histogramAfter, options.top()));
        }
    }

    /**
     * Connects and drops a small fleet first: class loading, interned names and per-thread caches
     * are one-off costs that would otherwise be spread over the measured sockets, more so the fewer.
     */
    private static void warmUp(IngestionServer server) throws Exception {
        try (ClientFleetProcess fleet = ClientFleetProcess.start("127.0.0.1", server.port(), WARM_UP_CONNECTIONS)) {
            fleet.awaitReady(READY_TIMEOUT);
            awaitSessions(server, WARM_UP_CONNECTIONS);
        }
        awaitSessions(server, 0);
    }

    /** A message when the open-file limit cannot hold {@code n} sockets besides what is open now, else null. */
    private static String fileDescriptorProblem(int n) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (!(os instanceof UnixOperatingSystemMXBean unix)) {
            return null;
        }
        long room = unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount() - FD_MARGIN;
        if (n <= room) {
            return null;
        }
        return String.format(Locale.ROOT, "the open-file limit is %d and %d are open: at most %d connections fit. "
                        + "Raise it (bash -c 'ulimit -n 65536; java ...') or pass --connections %d or fewer.",
                unix.getMaxFileDescriptorCount(), unix.getOpenFileDescriptorCount(), Math.max(room, 0), Math.max(room, 0));
    }

    /** The handshake answer leaves before the session is registered, so the table may lag the client briefly. */
    private static void awaitSessions(IngestionServer server, int n) {
        long deadline = System.nanoTime() + REGISTER_TIMEOUT.toNanos();
        while (server.sessions().size() != n) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("server has " + server.sessions().size() + " sessions, expected " + n);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /** Netty's pooled direct memory, which the heap figure does not include; -1 when the allocator does not say. */
    private static long usedDirectMemory() {
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
            return provider.metric().usedDirectMemory();
        }
        return -1;
    }

    private static void report(int n, long connectMillis, long heapBefore, long heapAfter, long perConnection,
                               long directBefore, long directAfter, long histogramGrowth,
                               List<ClassHistogram.Entry> growth) {
        boolean pass = perConnection <= TARGET_BYTES_PER_CONNECTION;
        System.out.printf(Locale.ROOT, "connections          %d (handshaken in %d ms)%n", n, connectMillis);
        System.out.printf(Locale.ROOT, "heap used before     %d bytes%n", heapBefore);
        System.out.printf(Locale.ROOT, "heap used after      %d bytes%n", heapAfter);
        System.out.printf(Locale.ROOT, "heap per connection  %d bytes (target <= %d): %s%n",
                perConnection, TARGET_BYTES_PER_CONNECTION, pass ? "PASS" : "FAIL");
        System.out.printf(Locale.ROOT, "netty direct memory  %d -> %d bytes (off heap, not in the figure above)%n",
                directBefore, directAfter);
        System.out.println();
        // The histogram is a second, independent count of the same growth; the two should agree closely.
        System.out.printf(Locale.ROOT, "heap growth by class (live objects, shallow size; %d bytes in all, %.0f per connection)%n",
                histogramGrowth, histogramGrowth / (double) n);
        System.out.printf(Locale.ROOT, "%12s %10s %10s %10s  %s%n", "bytes", "instances", "bytes/conn", "inst/conn", "class");
        for (ClassHistogram.Entry e : growth) {
            System.out.printf(Locale.ROOT, "%12d %10d %10.1f %10.2f  %s%n",
                    e.bytes(), e.instances(), e.bytes() / (double) n, e.instances() / (double) n, e.className());
        }
        System.out.println();
        System.out.printf(Locale.ROOT,
                "{\"connections\":%d,\"heapBeforeBytes\":%d,\"heapAfterBytes\":%d,\"bytesPerConnection\":%d,"
                        + "\"targetBytesPerConnection\":%d,\"pass\":%b,\"directBeforeBytes\":%d,\"directAfterBytes\":%d}%n",
                n, heapBefore, heapAfter, perConnection, TARGET_BYTES_PER_CONNECTION, pass, directBefore, directAfter);
    }
}
