package com.fleetlink.registry.command;

/**
 * Whether the Redis holding commands keeps what it acknowledged across a restart (design §9:
 * command state cannot be rebuilt, unlike the registry).
 *
 * @param aof   whether the append-only file is on
 * @param fsync its {@code appendfsync} policy ({@code always}, {@code everysec}, {@code no}), or
 *              {@code unknown} when {@code CONFIG} is not allowed (managed Redis, ACLs)
 */
public record Persistence(boolean aof, String fsync) {
    /** The fsync policy when Redis does not tell. */
    public static final String UNKNOWN_FSYNC = "unknown";

    /** Whether every acknowledged write survives a crash of the server: AOF with {@code appendfsync always}. */
    public boolean everyWrite() {
        return aof && "always".equals(fsync);
    }
}
