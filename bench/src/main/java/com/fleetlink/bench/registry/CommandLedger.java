package com.fleetlink.bench.registry;

import com.fleetlink.bench.registry.CommandSender.Sent;
import com.fleetlink.testkit.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What became of the commands a {@link CommandSender} enqueued, read from their hashes: status and
 * the times the scripts wrote, all of them Redis' own clock ({@code TIME}, ms), so no process's
 * clock enters a latency.
 */
final class CommandLedger {
    private static final Set<String> TERMINAL = Set.of("responded", "sent_no_reply", "unknown", "expired", "rejected_imei",
            "cancelled");
    private static final int PIPELINE = 512;
    private static final Duration POLL = Duration.ofMillis(200);

    private final RespClient redis;

    /** @param redis a connection of its own */
    CommandLedger(RespClient redis) {
        this.redis = redis;
    }

    /**
     * One command as its hash tells it; a time is {@code -1} when not reached.
     *
     * @param createdAt  when the enqueue script ran
     * @param sentAt     when the sidecar recorded the ingestion's {@code command_sent} (the write to the device)
     * @param finishedAt when it reached its terminal status
     */
    record Outcome(String status, long createdAt, long sentAt, long finishedAt) {
        boolean terminal() {
            return TERMINAL.contains(status);
        }
    }

    /** Waits until every one of {@code commands} has a terminal status, and returns them; fails after {@code timeout}. */
    List<Outcome> awaitTerminal(List<Sent> commands, Duration timeout) {
        // The two indexes hold every unfinished command: reading them is cheap, reading every hash is not.
        Poll.until(timeout, POLL, commands.size() + " commands to end",
                () -> redis.number("ZCARD", "fleetlink:cmd:expiry") + redis.number("ZCARD", "fleetlink:cmd:leases") == 0
                        && read(commands).stream().allMatch(Outcome::terminal));
        return read(commands);
    }

    /** Redis' clock in ms since the epoch, the clock of every time an {@link Outcome} holds. */
    long redisMillis() {
        List<?> time = (List<?>) redis.call("TIME");
        return Long.parseLong((String) time.get(0)) * 1000 + Long.parseLong((String) time.get(1)) / 1000;
    }

    private List<Outcome> read(List<Sent> commands) {
        List<Outcome> outcomes = new ArrayList<>(commands.size());
        for (int from = 0; from < commands.size(); from += PIPELINE) {
            List<Sent> batch = commands.subList(from, Math.min(commands.size(), from + PIPELINE));
            for (Sent c : batch) {
                redis.send("HMGET", CommandSender.key(c, "c:" + c.id()), "status", "created_at", "sent_at", "finished_at");
            }
            redis.flush();
            for (Sent c : batch) {
                List<?> fields = (List<?>) redis.read();
                outcomes.add(new Outcome(String.valueOf(fields.get(0)), time(fields.get(1)), time(fields.get(2)),
                        time(fields.get(3))));
            }
        }
        return outcomes;
    }

    private static long time(Object field) {
        return field == null || ((String) field).isEmpty() ? -1 : Long.parseLong((String) field);
    }
}
