package com.fleetlink.registry.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script loaded from the classpath, run by digest ({@code EVALSHA}) and sent in full only when
 * Redis answers {@code NOSCRIPT} (after a restart or {@code SCRIPT FLUSH}), which also caches it again.
 */
public final class LuaScript {
    private final String name;
    private final String source;
    private final String sha;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha = sha1(source);
    }

    /** Loads {@code <name>.lua} from this package's resources. */
    static LuaScript load(String name) {
        return load(LuaScript.class, name);
    }

    /**
     * Loads {@code <part>.lua} files from the resources of {@code anchor}'s package and joins them in
     * order into one script, named after the last part: scripts that share helpers ship them once.
     */
    public static LuaScript load(Class<?> anchor, String... parts) {
        StringBuilder source = new StringBuilder();
        for (String part : parts) {
            source.append(read(anchor, part)).append('\n');
        }
        return new LuaScript(parts[parts.length - 1], source.toString());
    }

    private static String read(Class<?> anchor, String name) {
        try (InputStream in = anchor.getResourceAsStream(name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("script " + name + ".lua is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the script on one key. */
    public <T> CompletionStage<T> run(RedisClusterAsyncCommands<String, String> redis, ScriptOutputType type,
                                      String key, String... args) {
        return run(redis, type, new String[] {key}, args);
    }

    /** Runs the script; the keys of every script of ours share one Cluster slot. */
    public <T> CompletionStage<T> run(RedisClusterAsyncCommands<String, String> redis, ScriptOutputType type,
                                      String[] keys, String... args) {
        CompletionStage<T> bySha = redis.evalsha(sha, type, keys, args);
        return bySha.handle((value, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(value);
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof RedisNoScriptException) {
                return redis.<T>eval(source, type, keys, args).toCompletableFuture();
            }
            return CompletableFuture.<T>failedFuture(cause);
        }).thenCompose(stage -> stage);
    }

    /** Its label in {@code teltonika_registry_redis_script_seconds}: the name, in the metric's snake case. */
    String operation() {
        return name.replace('-', '_');
    }

    /** Puts the script in Redis' cache ({@code SCRIPT LOAD}), so that {@link #run} does not meet {@code NOSCRIPT}. */
    public CompletionStage<String> cache(RedisClusterAsyncCommands<String, String> redis) {
        return redis.scriptLoad(source);
    }

    @Override
    public String toString() {
        return name;
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
