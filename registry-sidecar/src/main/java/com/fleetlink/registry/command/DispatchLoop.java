package com.fleetlink.registry.command;

import com.fleetlink.registry.store.StoreFailure;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * What the {@link CommandDispatcher} needs of the one loop that owns it: store completions brought
 * back onto it, a confinement check and a monotonic clock. The core's loop is one.
 */
public interface DispatchLoop {

    /** When {@code stage} completes, on whatever thread, runs {@code action} on the loop with its value or its failure. */
    <T> void whenDone(CompletionStage<T> stage, BiConsumer<? super T, ? super StoreFailure> action);

    /** Fails (with assertions on) when called off the loop. */
    void assertInLoop();

    /** A monotonic clock in ns. */
    long nanoTime();
}
