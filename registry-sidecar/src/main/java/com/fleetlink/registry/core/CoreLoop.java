package com.fleetlink.registry.core;

import com.fleetlink.registry.command.DispatchLoop;
import com.fleetlink.registry.store.StoreFailure;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * The one thread that owns the core's state, with its clocks. Timers, socket events and Redis
 * completions all act through it (design §4 rule 10). Production runs it on a Netty event loop with
 * the system clocks; the deterministic simulation runs it on virtual time.
 */
public interface CoreLoop extends DispatchLoop {

    /** Runs {@code task} on the loop, after the tasks already queued. */
    void execute(Runnable task);

    /** Runs {@code task} on the loop after {@code delayMillis}. */
    Timer schedule(Runnable task, long delayMillis);

    /** A monotonic clock in ns, for durations. */
    @Override
    long nanoTime();

    /** This host's wall clock in ms since the epoch, which may step. */
    long currentTimeMillis();

    /** Whether the caller runs on the loop. */
    boolean inLoop();

    /**
     * Confinement check for methods that touch the core's state (HiveMQ's thread preconditions):
     * with assertions on, as in every test run, state touched from another thread fails at once.
     */
    @Override
    default void assertInLoop() {
        assert inLoop() : "core state touched off the core loop, on " + Thread.currentThread().getName();
    }

    /** When {@code stage} completes, on whatever thread, runs {@code action} on the loop with its value or its failure. */
    @Override
    default <T> void whenDone(CompletionStage<T> stage, BiConsumer<? super T, ? super StoreFailure> action) {
        stage.whenComplete((value, error) -> execute(() -> action.accept(value, error == null ? null : failure(error))));
    }

    private static StoreFailure failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof StoreFailure f ? f : new StoreFailure.Unknown(cause.toString(), cause);
    }

    /** A scheduled task that can be called off. */
    interface Timer {
        /** Cancels the task if it has not run yet. */
        void cancel();
    }
}
