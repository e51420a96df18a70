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
            redis.send(hset(key, first, from, Math.min(fields, from + PAIRS), owner));
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

    /** One {@code HSET} of devices {@code from … to-1} (IMEI {@link EventLines#imei(long)} of {@code first + i}), each naming {@code value.apply(i)}. */
    static String[] hset(String key, long first, long from, long to, LongFunction<String> value) {
        String[] command = new String[2 + 2 * (int) (to - from)];
        command[0] = "HSET";
        command[1] = key;
        int a = 2;
        for (long i = from; i < to; i++) {
            command[a++] = EventLines.imei(first + i);
            command[a++] = value.apply(i);
        }
        return command;
    }

    private static void readReplies(RespClient redis, int n) {
        for (int i = 0; i < n; i++) {
            redis.read();
        }
    }
}
