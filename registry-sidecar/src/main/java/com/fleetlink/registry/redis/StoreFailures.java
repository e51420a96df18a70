package com.fleetlink.registry.redis;

import com.fleetlink.registry.store.StoreFailure;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Maps Lettuce's failures onto the port's {@link StoreFailure} types. Lettuce refuses a command it
 * never sent (disconnected with {@code REJECT_COMMANDS}, a full request queue) with a plain
 * {@link RedisException} raised at once; a timeout or a broken connection leaves the outcome open.
 */
public final class StoreFailures {
    private StoreFailures() {
    }

    /** {@code stage} with its failure, if any, turned into a {@link StoreFailure}. */
    public static <T> CompletionStage<T> typed(CompletionStage<T> stage) {
        return stage.handle((value, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(value);
            }
            return CompletableFuture.<T>failedFuture(classify(error));
        }).thenCompose(s -> s);
    }

    static StoreFailure classify(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof StoreFailure failure) {
            return failure;
        }
        String text = RedisErrorText.oneLine(cause);
        if (cause instanceof RedisCommandTimeoutException) {
            return new StoreFailure.Unknown(text, cause);
        }
        if (cause instanceof RedisCommandExecutionException) {
            return new StoreFailure.Refused(text, cause);
        }
        String message = String.valueOf(cause.getMessage());
        if (cause instanceof RedisConnectionException || message.startsWith("Currently not connected")
                || message.startsWith("Request queue size exceeded")) {
            return new StoreFailure.Unsent(text, cause);
        }
        return new StoreFailure.Unknown(text, cause);
    }
}
