package com.fleetlink.bench.registry;

import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServerProcess;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Times, per device, from its handshake answer to the moment {@code HGET connections:registry <imei>}
 * names our instance.
 *
 * <p>Redis publishes a keyspace notification for every write to the hash ({@code notify-keyspace-events
 * Kh}, pattern {@code __keyspace@0__:connections:registry}), but not which field changed. So each
 * notification — and each newly expected device — wakes a checker that asks for all devices still
 * pending with one {@code HMGET}; a device counts as visible at the moment that reply arrived, which
 * overstates its latency by at most one round trip (≈ 0.1 ms here). A 1 ms timer backs the wake-ups
 * up, so a missed notification costs at most a millisecond.
 */
final class RegistryVisibility implements AutoCloseable {
    private static final String REGISTRY = "connections:registry";
    private static final long FALLBACK_NANOS = Duration.ofMillis(1).toNanos();

    private final String instanceId;
    private final RespClient subscriber;
    private final RespClient checker;
    private final ConcurrentLinkedQueue<Expected> incoming = new ConcurrentLinkedQueue<>();
    private final AtomicLong notifications = new AtomicLong();
    private final Thread subscriberThread;
    private final Thread checkerThread;
    private final List<long[]> latencies = new ArrayList<>();
    private final Map<String, Long> pending = new HashMap<>();
    private volatile boolean closing;
    private volatile int seen;

    private record Expected(String imei, long ackNanos) {
    }

    RegistryVisibility(RedisServerProcess redis, String instanceId) {
        this.instanceId = instanceId;
        try (RespClient admin = RespClient.connect(redis.port())) {
            admin.call("CONFIG", "SET", "notify-keyspace-events", "Kh");
        }
        subscriber = RespClient.connect(redis.port());
        checker = RespClient.connect(redis.port());
        subscriber.send("PSUBSCRIBE", "__keyspace@0__:" + REGISTRY);
        subscriber.flush();
        subscriber.read(); // the psubscribe confirmation
        subscriber.readTimeout(0);
        checkerThread = new Thread(this::checkLoop, "registry-visibility-checker");
        subscriberThread = new Thread(this::notificationLoop, "registry-visibility-subscriber");
        checkerThread.setDaemon(true);
        subscriberThread.setDaemon(true);
        checkerThread.start();
        subscriberThread.start();
    }

    /** From any thread: device {@code imei} saw its {@code 01} at {@code ackNanos}. */
    void expect(String imei, long ackNanos) {
        incoming.add(new Expected(imei, ackNanos));
        LockSupport.unpark(checkerThread);
    }

    /** Waits until {@code count} devices were seen or {@code timeout} passed; returns the latencies (ns), sorted. */
    long[] await(int count, Duration timeout) {
        Poll.untilOrTimeout(timeout, Duration.ofMillis(5), () -> seen >= count);
        closing = true;
        LockSupport.unpark(checkerThread);
        try {
            checkerThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (latencies) {
            return latencies.stream().mapToLong(l -> l[1]).sorted().toArray();
        }
    }

    /**
     * The {@code n} slowest devices as {@code [ms after the first 01, latency ms]}: slow ones that
     * bunch together point at a pause or a backlog at that moment, not at the path itself.
     */
    List<double[]> slowest(int n) {
        synchronized (latencies) {
            long first = latencies.stream().mapToLong(l -> l[0]).min().orElse(0);
            return latencies.stream().sorted((a, b) -> Long.compare(b[1], a[1])).limit(n)
                    .map(l -> new double[] {Stats.millis(l[0] - first), Stats.millis(l[1])}).toList();
        }
    }

    /** Keyspace notifications received. */
    long notifications() {
        return notifications.get();
    }

    private void notificationLoop() {
        try {
            while (!closing) {
                subscriber.read();
                notifications.incrementAndGet();
                LockSupport.unpark(checkerThread);
            }
        } catch (UncheckedIOException | BenchFailure e) {
            if (!closing) {
                System.err.println("keyspace subscription ended: " + e);
            }
        }
    }

    private void checkLoop() {
        while (!closing) {
            Expected e;
            while ((e = incoming.poll()) != null) {
                pending.put(e.imei(), e.ackNanos());
            }
            if (!pending.isEmpty()) {
                check();
            }
            LockSupport.parkNanos(FALLBACK_NANOS);
        }
    }

    private void check() {
        List<String> imeis = new ArrayList<>(pending.keySet());
        String[] args = new String[imeis.size() + 2];
        args[0] = "HMGET";
        args[1] = REGISTRY;
        for (int i = 0; i < imeis.size(); i++) {
            args[i + 2] = imeis.get(i);
        }
        List<?> values = (List<?>) checker.call(args);
        long now = System.nanoTime();
        for (int i = 0; i < imeis.size(); i++) {
            if (instanceId.equals(values.get(i))) {
                long ack = pending.remove(imeis.get(i));
                synchronized (latencies) {
                    latencies.add(new long[] {ack, Math.max(0, now - ack)});
                }
                seen++;
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        subscriber.close();
        checker.close();
        LockSupport.unpark(checkerThread);
    }

    @Override
    public String toString() {
        return "registry visibility watcher";
    }
}
