package com.fleetlink.bench.chaos;

import com.fleetlink.bench.registry.BenchFailure;
import com.fleetlink.bench.registry.RespClient;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServerProcess;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Watches every command Redis runs through a {@code MONITOR} connection (Redis 7 shows the commands
 * a Lua script runs, after the script's own line) and replays the registry hash from it, handing
 * each field change with the instance that caused it to the {@link DeletionJudge}, or, for a
 * janitor's {@code delete-dead} script, to the {@link JanitorJudge}. After Redis is
 * killed it attaches to the new server; commands that ran before it attached are not seen, so with
 * MONITOR on it reads the whole hash in one marked script call and, from that call's line in the
 * stream on, replays on top of that snapshot (a server restarted from its append-only file keeps
 * the hash; an empty one starts from nothing). Until then each field of a non-empty hash is unknown
 * to the judges, and the wrong-routing history treats each field as unknown until it sees it
 * written or deleted. Every change it replays, and every loss
 * and regain of sight, also goes to a {@link FieldHistory} for the wrong-routing figure.
 */
final class RegistryMonitor implements AutoCloseable {
    private static final Set<String> SCRIPT_CALLS = Set.of("EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO", "FCALL", "FCALL_RO");
    /**
     * Reads the whole registry in one atomic step whose MONITOR line carries the marker (the
     * script's one argument), so the replay knows where in its stream the snapshot was taken.
     */
    private static final String SNAPSHOT_SCRIPT = "return redis.call('HGETALL', KEYS[1])";

    /** A replayed field: its value, and when the registration that wrote it was decided (0: unknown). */
    private record Field(String value, long decidedMicros) {
    }

    private final RedisServerProcess redis;
    private final Set<String> instances;
    private final DeletionJudge judge;
    private final JanitorJudge janitors;
    private final FieldHistory history;
    private final FaultLog faults;
    private final Thread thread;
    private final Map<String, Field> fields = new HashMap<>();
    private final Set<String> touched = new HashSet<>();
    private volatile RespClient connection;
    private volatile boolean closed;
    private boolean blind;
    private String caller;
    /** The instance the janitor call being replayed judged dead, or {@code null} when it is no janitor's. */
    private String janitorDeadOwner;
    /** IMEI → {@code at} (ms) of the script call being replayed: register.lua's pairs after instance and window. */
    private final Map<String, Long> decidedAt = new HashMap<>();
    private long lines;
    private int attaches;
    private int blindAttaches;
    /** The registry as the marked snapshot read it, until the replay reaches the marker's line; else {@code null}. */
    private Map<String, String> snapshot;
    private String snapshotMarker;

    RegistryMonitor(RedisServerProcess redis, Set<String> instances, DeletionJudge judge, JanitorJudge janitors,
                    FieldHistory history, FaultLog faults) {
        this.redis = redis;
        this.instances = instances;
        this.judge = judge;
        this.janitors = janitors;
        this.history = history;
        this.faults = faults;
        this.thread = new Thread(this::watch, "registry-monitor");
        this.thread.setDaemon(true);
    }

    /** Attaches to Redis (returns once MONITOR is on) and watches on its own thread. */
    RegistryMonitor start() {
        attach();
        thread.start();
        return this;
    }

    private void watch() {
        while (!closed) {
            try {
                while (!closed) {
                    Object reply = connection.read();
                    if (reply instanceof String line) {
                        MonitorLine parsed = MonitorLine.parse(line);
                        if (parsed != null) {
                            handle(parsed);
                        }
                    }
                }
            } catch (UncheckedIOException | BenchFailure e) {
                if (!closed) {
                    // Redis was killed: a new, empty one comes up on the same port.
                    history.lost(WallClock.micros());
                    connection.close();
                    attach();
                }
            }
        }
    }

    private void attach() {
        RespClient[] attached = new RespClient[1];
        long[] since = new long[1];
        String marker = "chaos-monitor-snapshot-" + attaches;
        Map<String, String> read = new HashMap<>();
        Poll.until(Duration.ofSeconds(60), Duration.ofMillis(2), "a MONITOR connection to redis-server", () -> {
            // Taken before MONITOR is on: every line the replay reads from this connection ran after it.
            since[0] = WallClock.micros();
            attached[0] = monitorWithSnapshot(marker, read);
            return attached[0] != null || closed;
        });
        if (attached[0] == null) {
            return;
        }
        attached[0].readTimeout(0);
        connection = attached[0];
        synchronized (this) {
            attaches++;
            fields.clear();
            touched.clear();
            // MONITOR was on before the snapshot, so an empty hash then means the replay misses nothing.
            blind = !read.isEmpty();
            if (blind) {
                blindAttaches++;
            }
            snapshot = read;
            snapshotMarker = marker;
            history.attached(since[0], blind);
        }
    }

    /**
     * A connection in MONITOR mode, with the registry read once MONITOR was on into {@code read};
     * {@code null} while Redis is not up, or is still loading its append-only file (it takes
     * MONITOR then, but answers {@code LOADING} to the read).
     */
    private RespClient monitorWithSnapshot(String marker, Map<String, String> read) {
        RespClient client = null;
        try {
            client = RespClient.connect(redis.port());
            if ("OK".equals(client.call("MONITOR"))) {
                try (RespClient probe = RespClient.connect(redis.port())) {
                    List<?> pairs = (List<?>) probe.call("EVAL", SNAPSHOT_SCRIPT, "1", RegistryComparison.REGISTRY, marker);
                    read.clear();
                    for (int i = 0; i + 1 < pairs.size(); i += 2) {
                        read.put((String) pairs.get(i), (String) pairs.get(i + 1));
                    }
                }
                return client;
            }
        } catch (UncheckedIOException | BenchFailure | ClassCastException e) {
            // not up yet, or loading
        }
        if (client != null) {
            client.close();
        }
        return null;
    }

    /**
     * At the snapshot's own line: the hash was exactly the snapshot then, so the replay goes on from
     * it with every field known (decision times unknown).
     */
    private void applySnapshot() {
        fields.clear();
        snapshot.forEach((imei, value) -> fields.put(imei, new Field(value, 0)));
        blind = false;
        snapshot = null;
        snapshotMarker = null;
    }

    private synchronized void handle(MonitorLine line) {
        lines++;
        if (!line.fromLua() && snapshotMarker != null && "EVAL".equals(line.command())
                && snapshotMarker.equals(line.arg(line.argCount() - 1))) {
            applySnapshot();
            return;
        }
        if (!line.fromLua()) {
            decidedAt.clear();
            janitorDeadOwner = line.deleteDeadOwner();
            if (SCRIPT_CALLS.contains(line.command())) {
                caller = firstInstance(line.words());
                // EVALSHA sha numkeys keys… instance window, then imei at fresh triples: a fresh
                // registration's decision time; a repair counts as -1.
                try {
                    int first = 2 + Integer.parseInt(line.arg(1)) + 2;
                    for (int i = first; i + 2 < line.argCount(); i += 3) {
                        long at = Long.parseLong(line.arg(i + 1));
                        decidedAt.put(line.arg(i), "1".equals(line.arg(i + 2)) ? at : -1);
                    }
                } catch (RuntimeException e) {
                    // not register.lua
                }
                return;
            }
            caller = null;
        }
        if (!RegistryComparison.REGISTRY.equals(line.arg(0))) {
            return;
        }
        switch (line.command()) {
            case "HSET", "HMSET", "HSETNX" -> {
                for (int i = 1; i + 1 < line.argCount(); i += 2) {
                    set(line, line.arg(i), line.arg(i + 1));
                }
            }
            case "HDEL" -> {
                for (int i = 1; i < line.argCount(); i++) {
                    delete(line, line.arg(i));
                }
            }
            case "DEL", "UNLINK" -> {
                for (String imei : Set.copyOf(fields.keySet())) {
                    delete(line, imei);
                }
            }
            default -> {
                // reads (HGET, HSCAN, HLEN) change nothing
            }
        }
    }

    private void set(MonitorLine line, String imei, String value) {
        if ("HSETNX".equals(line.command()) && fields.containsKey(imei)) {
            return;
        }
        Field old = known(imei);
        long fresh = freshDecision(imei);
        judge.written(line.micros(), imei, value, fresh, old == null ? null : old.value(), old == null ? 0 : old.decidedMicros());
        history.written(line.micros(), imei, value, fresh);
        fields.put(imei, new Field(value, fresh != 0 ? fresh : repairDecided(line)));
        touched.add(imei);
    }

    private void delete(MonitorLine line, String imei) {
        Field old = known(imei);
        if (janitorDeadOwner != null) {
            janitors.deleted(line.micros(), imei, janitorDeadOwner, old == null ? null : old.value());
        } else {
            judge.deleted(line.micros(), imei, caller, old == null ? null : old.value(), old == null ? 0 : old.decidedMicros());
        }
        history.deleted(line.micros(), imei);
        fields.remove(imei);
        touched.add(imei);
    }

    /** The {@code at} of the registration of {@code imei} being replayed, in µs; 0 for a repair (it carries none). */
    private long freshDecision(String imei) {
        Long at = decidedAt.get(imei);
        return at != null && at >= 0 ? at * 1_000 : 0;
    }

    /**
     * When a repair that {@code line} runs was decided, for attributing the field it writes: the
     * moment it runs — unless a Redis fault overlapped the freshness window before it, when it may
     * have waited in a paused Redis since long before (then 0, unknown).
     */
    private long repairDecided(MonitorLine line) {
        long window = 5_000_000;
        return faults.redisFaultDuring(line.micros() - window, line.micros()) ? 0 : line.micros();
    }

    /** The replayed field, or {@code null} when absent or not known since a blind attach. */
    private Field known(String imei) {
        if (blind && !touched.contains(imei)) {
            return null;
        }
        return fields.get(imei);
    }

    private String firstInstance(List<String> words) {
        for (String word : words) {
            if (instances.contains(word)) {
                return word;
            }
        }
        return null;
    }

    synchronized Map<String, Object> report() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("method", "MONITOR replay");
        out.put("linesSeen", lines);
        out.put("attaches", attaches);
        out.put("blindAttaches", blindAttaches);
        return out;
    }

    @Override
    public void close() {
        closed = true;
        RespClient c = connection;
        if (c != null) {
            c.close();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "registry monitor";
    }
}
