package com.fleetlink.registry.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * What happened, as lines of (virtual time, who, what): the last lines in a bounded ring for a failure
 * report, and a digest of every line ever added, so two runs of one seed can be compared whole.
 */
final class SimTrace {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final SimScheduler scheduler;
    private final String[] ring;
    private long lines;
    private long digest = FNV_OFFSET;

    SimTrace(SimScheduler scheduler, int capacity) {
        this.scheduler = scheduler;
        this.ring = new String[capacity];
    }

    void add(String who, String what) {
        String line = scheduler.nowMillis() + " " + who + " " + what;
        ring[(int) (lines % ring.length)] = line;
        lines++;
        for (int i = 0; i < line.length(); i++) {
            digest = (digest ^ line.charAt(i)) * FNV_PRIME;
        }
        digest = (digest ^ '\n') * FNV_PRIME;
    }

    /** Lines added so far. */
    long lines() {
        return lines;
    }

    /** A digest of every line added so far, in order. */
    long digest() {
        return digest;
    }

    /** The last lines still in the ring, oldest first. */
    List<String> tail() {
        List<String> out = new ArrayList<>();
        long first = Math.max(0, lines - ring.length);
        for (long i = first; i < lines; i++) {
            out.add(ring[(int) (i % ring.length)]);
        }
        return out;
    }
}
