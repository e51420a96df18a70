package com.fleetlink.bench.registry;

import java.util.function.LongFunction;

/** Fills the registry hash straight into Redis, as many instances' registrations would have left it. */
final class RegistryFill {
    /** Field-value pairs per {@code HSET}: one command per thousand fields keeps the fill at a few seconds per million. */
    private static final int PAIRS = 1_000;
    /** Commands in flight before their replies are read. */
    private static final int PIPELINE = 16;

    private RegistryFill() {
    }

    /** Writes {@code fields} fields, device {@code i} being {@link EventLines#imei(long)} of {@code first + i}, naming {@code owner.apply(i)}. */
    static void fill(RespClient redis, String key, long first, long fields, LongFunction<String> owner) {
        int inFlight = 0;
        for (long from = 0; from < fields; from += PAIRS) {
            long to = Math.min(fields, from + PAIRS);
            String[] command = new String[2 + 2 * (int) (to - from)];
            command[0] = "HSET";
            command[1] = key;
            int a = 2;
            for (long i = from; i < to; i++) {
                command[a++] = EventLines.imei(first + i);
                command[a++] = owner.apply(i);
            }
            redis.send(command);
            if (++inFlight == PIPELINE) {
                redis.flush();
                readReplies(redis, inFlight);
                inFlight = 0;
            }
        }
        redis.flush();
        readReplies(redis, inFlight);
        long length = redis.hlen(key);
        if (length != fields) {
            throw new BenchFailure(key + " holds " + length + " fields after filling " + fields);
        }
    }

    private static void readReplies(RespClient redis, int n) {
        for (int i = 0; i < n; i++) {
            redis.read();
        }
    }
}
