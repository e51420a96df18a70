package com.fleetlink.registry.command;

import com.fleetlink.protocol.cli.DurationConverter;
import com.fleetlink.registry.redis.RedisSession;
import com.fleetlink.registry.redis.RedisSettings;
import com.fleetlink.registry.redis.StoreFailures;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ArrayOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a claim must reach before its command may be written ({@code --command-durability}): the
 * at-most-once guarantee holds only while Redis keeps the claim, and a claim only Redis' memory holds
 * is lost by a failover to a replica that missed it or by a restart.
 *
 * @param mode     what confirms a claim
 * @param replicas for {@link Mode#REPLICAS}, how many replicas must acknowledge it
 * @param timeout  how long one confirmation may block the store's connection
 */
public record ClaimDurability(Mode mode, int replicas, Duration timeout) {
    /**
     * How long a confirmation waits by default: a replica or a fsync answers within milliseconds, and
     * every other command on the connection waits behind it.
     */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(250);
    private static final Logger log = LoggerFactory.getLogger(ClaimDurability.class);
    /** Claims count as soon as Redis answered them: AOF with {@code appendfsync always} keeps them. */
    public static final ClaimDurability NONE = new ClaimDurability(Mode.NONE, 0, DEFAULT_TIMEOUT);
    private static final Pattern SYNTAX = Pattern.compile("(none|aof|replicas:(\\d+))(?:/(.+))?");
    private static final ProtocolKeyword WAITAOF = new ProtocolKeyword() {
        @Override
        public byte[] getBytes() {
            return "WAITAOF".getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public String toString() {
            return "WAITAOF";
        }
    };

    /** What confirms a claim. */
    public enum Mode {
        /** Nothing beyond Redis' answer. */
        NONE,
        /** {@code WAIT N timeout}: N replicas acknowledged the claim. */
        REPLICAS,
        /** {@code WAITAOF 1 0 timeout} (Redis 7.2 and later): the claim is fsynced to the local AOF. */
        AOF
    }

    public ClaimDurability {
        if (mode == Mode.REPLICAS && replicas < 1) {
            throw new IllegalArgumentException("--command-durability replicas:N needs N of at least 1, not " + replicas);
        }
        if (timeout == null || timeout.toMillis() < 1) {
            throw new IllegalArgumentException("--command-durability timeout must be at least 1 ms, not " + timeout);
        }
    }

    /** Reads {@code none}, {@code replicas:N[/TIMEOUT]} or {@code aof[/TIMEOUT]}, the timeout written like 250ms or 1s. */
    public static ClaimDurability parse(String text) {
        Matcher m = SYNTAX.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("--command-durability must be none, replicas:N[/TIMEOUT] or aof[/TIMEOUT], not '"
                    + text + "'");
        }
        Duration timeout = m.group(3) == null ? DEFAULT_TIMEOUT : timeout(m.group(3));
        if (m.group(1).equals("none")) {
            return new ClaimDurability(Mode.NONE, 0, timeout);
        }
        return m.group(2) == null ? new ClaimDurability(Mode.AOF, 0, timeout)
                : new ClaimDurability(Mode.REPLICAS, Integer.parseInt(m.group(2)), timeout);
    }

    private static Duration timeout(String text) {
        try {
            return DurationConverter.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--command-durability timeout: " + e.getMessage(), e);
        }
    }

    /** Whether claims wait for a confirmation. */
    public boolean confirms() {
        return mode != Mode.NONE;
    }

    /**
     * Refuses a confirmation that would outlast the Redis command timeout: Lettuce would fail it, and
     * every command queued behind it on the connection with it.
     */
    public void checkAgainst(Duration redisTimeout) {
        if (confirms() && timeout.compareTo(redisTimeout) >= 0) {
            throw new IllegalArgumentException("--command-durability timeout (" + timeout.toMillis()
                    + " ms) must be shorter than --redis-timeout (" + redisTimeout.toMillis() + " ms)");
        }
    }

    /**
     * Asks Redis to confirm every write this connection made so far; completes with whether it did
     * in time. Must go over the connection that made the claim: WAIT and WAITAOF cover only its writes.
     */
    CompletionStage<Boolean> confirm(RedisClusterAsyncCommands<String, String> redis) {
        if (mode == Mode.REPLICAS) {
            return StoreFailures.typed(redis.waitForReplication(replicas, timeout.toMillis())).thenApply(acked -> acked >= replicas);
        }
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add(1).add(0).add(timeout.toMillis());
        // WAITAOF answers [local fsyncs, replica fsyncs].
        return StoreFailures.typed(redis.dispatch(WAITAOF, new ArrayOutput<>(StringCodec.UTF8), args))
                .thenApply(counts -> counts.size() == 2 && ((Long) counts.get(0)) >= 1);
    }

    /**
     * At start: why the Redis of {@code settings} cannot confirm claims this way, if it cannot, to refuse
     * in one line. A Redis out of reach is no refusal (the sidecar starts without Redis); a claim it
     * cannot confirm later is never written either.
     */
    public Optional<String> refusalAtStart(RedisSettings settings) {
        if (mode != Mode.AOF) {
            return Optional.empty();
        }
        try (RedisSession session = RedisSession.open(settings, settings.commandTimeout())) {
            return refusal(session.commands()).toCompletableFuture().get(settings.commandTimeout().toMillis() * 2,
                    TimeUnit.MILLISECONDS);
        } catch (RedisSession.Unreachable | ExecutionException | TimeoutException e) {
            log.warn("could not check whether Redis supports --command-durability {} ({}); claims it does not confirm are "
                    + "never written", this, e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Why this Redis cannot confirm claims this way: {@code aof} needs WAITAOF (Redis 7.2 and later) and AOF on. */
    CompletionStage<Optional<String>> refusal(RedisClusterAsyncCommands<String, String> redis) {
        if (mode != Mode.AOF) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return StoreFailures.typed(redis.info("server")).thenCombine(StoreFailures.typed(redis.info("persistence")),
                (server, persistence) -> {
                    String version = field(server, "redis_version");
                    if (!atLeast(version, 7, 2)) {
                        return Optional.of("--command-durability aof needs WAITAOF, Redis 7.2 or later; this Redis is " + version);
                    }
                    return "1".equals(field(persistence, "aof_enabled")) ? Optional.<String>empty()
                            : Optional.of("--command-durability aof needs AOF on (appendonly yes); this Redis has it off");
                });
    }

    private static String field(String info, String name) {
        return info.lines().filter(l -> l.startsWith(name + ":")).map(l -> l.substring(name.length() + 1).strip())
                .findFirst().orElse("");
    }

    private static boolean atLeast(String version, int major, int minor) {
        List<Integer> parts = Arrays.stream(version.split("\\.")).limit(2)
                .map(p -> p.matches("\\d+") ? Integer.parseInt(p) : 0).toList();
        int gotMajor = parts.isEmpty() ? 0 : parts.get(0);
        int gotMinor = parts.size() < 2 ? 0 : parts.get(1);
        return gotMajor > major || (gotMajor == major && gotMinor >= minor);
    }

    @Override
    public String toString() {
        return switch (mode) {
            case NONE -> "none";
            case REPLICAS -> "replicas:" + replicas + "/" + timeout.toMillis() + "ms";
            case AOF -> "aof/" + timeout.toMillis() + "ms";
        };
    }
}
