package com.fleetlink.bench.chaos;

import com.fleetlink.registry.command.CommandKeys;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads the command event stream as it grows, from its first entry on, into memory: an empty Redis
 * restart deletes the stream, so the checker keeps what it read before. Stream ids grow with Redis'
 * clock, so after a restart the reader goes on from the last id it read and misses nothing of the
 * new stream.
 */
final class CommandEventReader implements AutoCloseable {
    private static final long BLOCK_MS = 100;
    private static final int BATCH = 1_000;
    /** The pause after a failed read (Redis away), so the loop does not spin. */
    private static final Duration BACKOFF = Duration.ofMillis(50);

    private final RedisClusterAsyncCommands<String, String> redis;
    private final Duration callTimeout;
    private final List<CommandEvent> events = new ArrayList<>();
    private final Thread thread = new Thread(this::readLoop, "chaos-command-events");
    private volatile boolean running = true;
    private String lastId = "0-0";
    private long malformed;

    /** @param callTimeout how long one read may take before it counts as failed */
    CommandEventReader(RedisClusterAsyncCommands<String, String> redis, Duration callTimeout) {
        this.redis = redis;
        this.callTimeout = callTimeout;
        thread.setDaemon(true);
    }

    CommandEventReader start() {
        thread.start();
        return this;
    }

    /** Every entry read so far, in stream order. */
    synchronized List<CommandEvent> events() {
        return List.copyOf(events);
    }

    /** Entries that did not parse as a command event. */
    synchronized long malformed() {
        return malformed;
    }

    private void readLoop() {
        while (running) {
            List<StreamMessage<String, String>> batch;
            try {
                batch = redis.xread(XReadArgs.Builder.block(BLOCK_MS).count(BATCH),
                        XReadArgs.StreamOffset.from(CommandKeys.EVENTS, lastId)).get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                LockSupport.parkNanos(BACKOFF.toNanos());
                continue;
            }
            if (batch != null && !batch.isEmpty()) {
                add(batch);
            }
        }
    }

    private synchronized void add(List<StreamMessage<String, String>> batch) {
        for (StreamMessage<String, String> message : batch) {
            lastId = message.getId();
            try {
                events.add(CommandEvent.of(message.getBody()));
            } catch (RuntimeException e) {
                malformed++;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(callTimeout.toMillis() * 2);
    }

    @Override
    public String toString() {
        return "command event reader";
    }
}
