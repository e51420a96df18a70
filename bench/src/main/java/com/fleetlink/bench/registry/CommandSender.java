package com.fleetlink.bench.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A business-plane caller of the command contract ({@code docs/commands.md}): the enqueue script
 * exactly as the sidecar jar ships it ({@code command-lib.lua} + {@code enqueue.lua}), then the expiry
 * index entry and the wake-up hint to the instance holding the device, as the contract's Node
 * example does. It runs on the benchmarks' own RESP client, not the sidecar's store: a caller in
 * another language has only these steps, and the measured sidecar shares nothing with its caller.
 */
final class CommandSender implements AutoCloseable {
    /** Where the sidecar jar keeps the command scripts. */
    static final String SCRIPTS = "com/fleetlink/registry/command/";
    /** What every command asks the device: a real Teltonika command, answered {@code ok getver} by the simulator. */
    static final String TEXT = "getver";
    private static final String PAYLOAD = HexFormat.of().formatHex(TEXT.getBytes(StandardCharsets.UTF_8));
    /** The contract's defaults: kept 24 h after it ends, at most 16 unfinished commands a device. */
    private static final String RETENTION_MS = Long.toString(Duration.ofHours(24).toMillis());
    private static final String QUEUE_LIMIT = "16";
    /** Replies read per round trip of a burst: bounds what the socket buffers on both sides. */
    private static final int PIPELINE = 256;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One command enqueued: its device and its id. */
    record Sent(String imei, String id) {
    }

    private final RespClient redis;
    private final String sha;
    private final String wakeChannel;
    private final String expiryMs;
    private final String responseTimeoutMs;

    /**
     * @param redis           a connection of its own
     * @param sidecarJar      the jar whose scripts are run
     * @param instance        the instance holding every device (the one pod): its wake-up channel
     * @param expiry          how long a command may wait to be written
     * @param responseTimeout how long the device has to answer
     */
    CommandSender(RespClient redis, Path sidecarJar, String instance, Duration expiry, Duration responseTimeout) {
        this.redis = redis;
        this.sha = (String) redis.call("SCRIPT", "LOAD", enqueueScript(sidecarJar));
        this.wakeChannel = "fleetlink:cmd:wake:" + instance;
        this.expiryMs = Long.toString(expiry.toMillis());
        this.responseTimeoutMs = Long.toString(responseTimeout.toMillis());
    }

    /** The enqueue script as the sidecar's loader joins it: the shared library, then the script, each ending in a newline. */
    static String enqueueScript(Path sidecarJar) {
        try (ZipFile jar = new ZipFile(sidecarJar.toFile())) {
            return read(jar, "command-lib.lua") + "\n" + read(jar, "enqueue.lua") + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException("reading the command scripts from " + sidecarJar, e);
        }
    }

    private static String read(ZipFile jar, String name) throws IOException {
        ZipEntry entry = jar.getEntry(SCRIPTS + name);
        if (entry == null) {
            throw new BenchFailure(jar.getName() + " has no " + SCRIPTS + name + ": a sidecar without commands");
        }
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Enqueues {@code perSecond} commands a second for {@code duration}, each due at its own time
     * from the start (a late one does not delay the next ones' due times), to {@code imeis} in turn;
     * ids are {@code prefix-N}.
     */
    List<Sent> paced(List<String> imeis, String prefix, int perSecond, Duration duration) {
        long count = duration.toMillis() * perSecond / 1000;
        List<Sent> sent = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * 1_000_000_000L / perSecond;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            sent.addAll(enqueueAll(List.of(new Sent(imeis.get(i % imeis.size()), prefix + "-" + i))));
        }
        return sent;
    }

    /** Enqueues {@code commands} as fast as Redis takes them, {@value #PIPELINE} to a round trip. */
    List<Sent> enqueueAll(List<Sent> commands) {
        for (int from = 0; from < commands.size(); from += PIPELINE) {
            List<Sent> batch = commands.subList(from, Math.min(commands.size(), from + PIPELINE));
            for (Sent c : batch) {
                redis.send("EVALSHA", sha, "4", key(c, "queue"), key(c, "active"), key(c, "history"), key(c, "outbox"),
                        RETENTION_MS, c.id(), c.imei(), "bench", PAYLOAD, "1", "12", expiryMs, responseTimeoutMs, "0", "1",
                        QUEUE_LIMIT, "0", "0");
            }
            redis.flush();
            List<String> expireAt = new ArrayList<>(batch.size());
            for (Sent c : batch) {
                expireAt.add(created(c, (String) redis.read()));
            }
            // The expiry index makes a queued command expire on time; the hint makes the holder claim at once.
            for (int i = 0; i < batch.size(); i++) {
                Sent c = batch.get(i);
                redis.send("ZADD", "fleetlink:cmd:expiry", expireAt.get(i), c.imei() + ":" + c.id());
                redis.send("PUBLISH", wakeChannel, c.imei());
            }
            redis.flush();
            for (int i = 0; i < 2 * batch.size(); i++) {
                redis.read();
            }
        }
        return commands;
    }

    /** The command's {@code expire_at} when the script created it; anything else fails the run. */
    private static String created(Sent c, String reply) {
        JsonNode json;
        try {
            json = JSON.readTree(reply);
        } catch (JsonProcessingException e) {
            throw new BenchFailure("enqueue of " + c + " answered " + reply);
        }
        if (!json.path("kind").asText().equals("created")) {
            throw new BenchFailure("enqueue of " + c + " answered " + reply);
        }
        return json.path("command").path("expire_at").asText();
    }

    /** {@code fleetlink:cmd:{IMEI}:NAME}: the device's keys share one Cluster slot. */
    static String key(Sent c, String name) {
        return "fleetlink:cmd:{" + c.imei() + "}:" + name;
    }

    @Override
    public void close() {
        redis.close();
    }
}
