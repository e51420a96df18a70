package com.fleetlink.registry.command.cli;

import com.fleetlink.protocol.cli.CommandFailure;
import com.fleetlink.registry.command.CommandStore;
import com.fleetlink.registry.command.RedisCommandStore;
import com.fleetlink.registry.redis.RedisSession;
import com.fleetlink.registry.redis.RedisSettings;
import com.fleetlink.registry.store.StoreFailure;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link CommandStore} for one command-line run, whose calls block: Redis refusing an operation
 * fails the command (exit 1), Redis not answering means it could not be reached (exit 3).
 */
final class CommandSession implements AutoCloseable {
    /** Past Lettuce's own command timeout, so that its typed failure arrives first. */
    private static final Duration MARGIN = Duration.ofSeconds(1);

    private final String name;
    private final RedisSession session;
    private final CommandStore store;
    private final Duration deadline;

    private CommandSession(String name, RedisSession session, CommandStore store, Duration deadline) {
        this.name = name;
        this.session = session;
        this.store = store;
        this.deadline = deadline;
    }

    static CommandSession open(String name, CommandRedisOptions options, int queueLimit) {
        RedisSettings settings = options.settings();
        try {
            RedisSession session = RedisSession.open(settings, options.timeout);
            return new CommandSession(name, session, new RedisCommandStore(session.commands(), options.storeOptions(queueLimit)),
                    options.timeout.plus(MARGIN));
        } catch (RedisSession.Unreachable e) {
            throw new CommandFailure.DaemonUnreachable(name + ": " + e.getMessage(), null);
        }
    }

    CommandStore store() {
        return store;
    }

    <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure.OperationFailed(name + ": interrupted");
        } catch (TimeoutException e) {
            throw new CommandFailure.DaemonUnreachable(name + ": Redis did not answer within " + deadline.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StoreFailure.Refused refused) {
                throw new CommandFailure.OperationFailed(name + ": Redis refused: " + refused.getMessage());
            }
            throw new CommandFailure.DaemonUnreachable(name + ": Redis failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
