package com.fleetlink.registry.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.registry.command.CommandKeys;
import com.fleetlink.registry.command.CommandOutcome;
import com.fleetlink.registry.command.CommandRequest;
import com.fleetlink.registry.command.CommandStatus;
import com.fleetlink.registry.command.CommandStoreOptions;
import com.fleetlink.registry.command.RedisCommandStore;
import com.fleetlink.registry.command.StoredCommand;
import com.fleetlink.testkit.Poll;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One random sequence of command script calls, run on {@link SimCommands} and through
 * {@link RedisCommandStore} on a real {@code redis-server}, compared call by call (times left out:
 * the two clocks are read a few ms apart) and, at the end, queue by queue and command by command.
 * An expiry or lease is either 1 ms or an hour, and each step starts 2 ms of Redis time after the
 * previous one ended, so both sides agree on what is due.
 */
final class CommandScriptSequence {
    private static final String[] IMEIS = {"356307042441013", "356307042441021"};
    private static final String[] IDS = {"c0", "c1", "c2", "c3", "c4"};
    private static final String[] OWNERS = {"pod-a", "pod-b"};
    private static final int QUEUE_LIMIT = 3;
    private static final int STEPS = 60;

    private final long seed;
    private final SplittableRandom random;
    private final RedisCommands<String, String> sync;
    private final RedisCommandStore real;
    private long redisNow;
    private final SimCommands sim = new SimCommands(() -> redisNow);
    private final Map<String, Integer> seen;

    /** @param seen counts each kind of outcome compared, so the caller can check the sequences covered them */
    CommandScriptSequence(long seed, StatefulRedisConnection<String, String> connection, Map<String, Integer> seen) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.sync = connection.sync();
        this.real = new RedisCommandStore(connection.async(),
                new CommandStoreOptions(QUEUE_LIMIT, Duration.ofHours(1), CommandStoreOptions.DEFAULT_STREAM_MAX_LEN));
        this.seen = seen;
    }

    void run() throws Exception {
        for (int step = 0; step < STEPS; step++) {
            long ended = redisTime();
            Poll.until(Duration.ofSeconds(5), Duration.ofMillis(1), "Redis' clock to move on", () -> redisTime() >= ended + 2);
            redisNow = redisTime();
            step(step, IMEIS[random.nextInt(IMEIS.length)]);
        }
        for (String imei : IMEIS) {
            assertThat(sync.lrange(CommandKeys.queue(imei), 0, -1)).as("queue of %s, seed %d", imei, seed).isEqualTo(sim.queue(imei));
            assertThat(sync.get(CommandKeys.active(imei))).as("active of %s, seed %d", imei, seed).isEqualTo(sim.active(imei));
            for (Map.Entry<String, StoredCommand> c : sim.commands(imei).entrySet()) {
                StoredCommand stored = await(real.command(imei, c.getKey())).orElse(null);
                assertThat(stored == null ? null : summary(stored)).as("%s of %s, seed %d", c.getKey(), imei, seed)
                        .isEqualTo(summary(c.getValue()));
            }
        }
    }

    private void step(int step, String imei) throws Exception {
        String id = IDS[random.nextInt(IDS.length)];
        switch (random.nextInt(10)) {
            case 0, 1 -> {
                CommandRequest r = request(imei, id);
                same(step, "enqueue " + imei + " " + id, await(real.enqueue(r)), sim.enqueue(r, false, QUEUE_LIMIT));
            }
            case 2, 3 -> {
                String owner = OWNERS[random.nextInt(OWNERS.length)];
                Duration lease = shortOrLong();
                same(step, "claim " + imei + " by " + owner, await(real.claim(imei, owner, lease)),
                        sim.claim(imei, owner, lease.toMillis()));
            }
            case 4 -> {
                int attempt = attempt(imei, id);
                Duration lease = shortOrLong();
                same(step, "sent " + id + " #" + attempt, await(real.markSent(imei, id, attempt, lease)),
                        sim.sent(imei, id, attempt, lease.toMillis()));
            }
            case 5 -> {
                int attempt = attempt(imei, id);
                CommandOutcome outcome = switch (random.nextInt(4)) {
                    case 0 -> CommandOutcome.responded("Ver:" + step);
                    case 1 -> new CommandOutcome(CommandStatus.SENT_NO_REPLY, "", "");
                    case 2 -> new CommandOutcome(CommandStatus.REJECTED_IMEI, "", "nack");
                    default -> CommandOutcome.unknown("timeout");
                };
                same(step, "complete " + id + " #" + attempt + " " + outcome, await(real.complete(imei, id, attempt, outcome)),
                        sim.complete(imei, id, attempt, outcome));
            }
            case 6 -> {
                int attempt = attempt(imei, id);
                boolean written = random.nextBoolean();
                same(step, "requeue " + id + " #" + attempt + " written " + written,
                        await(real.requeue(imei, id, attempt, written, "closed")), sim.requeue(imei, id, attempt, written, "closed"));
            }
            case 7 -> {
                if (random.nextBoolean()) {
                    same(step, "cancel " + id, await(real.cancel(imei, id)), sim.cancel(imei, id, null, "caller"));
                } else {
                    int attempt = attempt(imei, id);
                    same(step, "cancel by policy " + id + " #" + attempt, await(real.cancelByPolicy(imei, id, attempt)),
                            sim.cancel(imei, id, attempt, "policy"));
                }
            }
            case 8 -> {
                int attempt = attempt(imei, id);
                same(step, "late " + id + " #" + attempt, await(real.recordLate(imei, id, attempt, "Late:" + step)),
                        sim.late(imei, id, attempt, "Late:" + step));
            }
            default -> same(step, "sweep " + imei, await(real.sweepDevice(imei)), sim.sweep(imei));
        }
    }

    /** Two payloads per id, so that some enqueues repeat a command and some conflict with it. */
    private CommandRequest request(String imei, String id) {
        byte[] payload = ("getver" + random.nextInt(2)).getBytes(StandardCharsets.UTF_8);
        boolean noQueue = random.nextInt(6) == 0;
        Duration expire = random.nextInt(4) == 0 ? Duration.ofMillis(1) : Duration.ofHours(1);
        return new CommandRequest(id, imei, "ops", payload, true, 12, expire, CommandRequest.DEFAULT_RESPONSE_TIMEOUT, noQueue,
                false, random.nextInt(1, 3));
    }

    private Duration shortOrLong() {
        return random.nextInt(3) == 0 ? Duration.ofMillis(1) : Duration.ofHours(1);
    }

    /** Mostly the command's current attempt, sometimes the one before (stale). */
    private int attempt(String imei, String id) {
        StoredCommand c = sim.commands(imei).get(id);
        int current = c == null ? 1 : c.attempt();
        return random.nextInt(3) == 0 ? current - 1 : current;
    }

    private void same(int step, String operation, Object real, Object simulated) {
        String expected = describe(real);
        assertThat(describe(simulated)).as("seed %d step %d: %s", seed, step, operation).isEqualTo(expected);
        seen.merge(expected.substring(0, expected.indexOf('[')), 1, Integer::sum);
    }

    /** A result record with each command in it reduced to its {@link #summary}. */
    private static String describe(Object result) {
        List<String> parts = new ArrayList<>();
        for (RecordComponent component : result.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(result);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            parts.add(value instanceof StoredCommand c ? summary(c) : String.valueOf(value));
        }
        return result.getClass().getSimpleName() + parts;
    }

    /** Everything but the times, which the two sides read from clocks a few ms apart. */
    private static String summary(StoredCommand c) {
        return String.join(" ", c.id(), c.status().word(), "attempt=" + c.attempt(), "writes=" + c.writes(), "owner=" + c.owner(),
                "reason=" + c.reason(), "result=" + c.result(), "max=" + c.maxAttempts(), c.payloadText(),
                "late=" + c.lateResult());
    }

    private long redisTime() {
        List<String> t = sync.time();
        return Long.parseLong(t.get(0)) * 1000 + Long.parseLong(t.get(1)) / 1000;
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
