package com.fleetlink.registry.sim;

import java.util.PriorityQueue;

/**
 * Virtual time and the one thread that runs everything: a queue of tasks ordered by (time, sequence),
 * so tasks due at the same millisecond run in the order they were scheduled. Each task may have an
 * owner (a {@link SimLoop}), which is how a loop knows whether the caller runs on it.
 */
final class SimScheduler {
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long nowMillis;
    private long sequence;
    private long executed;
    private Object owner;

    /** A scheduled task; cancelling it only marks it, the queue drops it when it comes due. */
    static final class Task implements Comparable<Task> {
        private final long at;
        private final long seq;
        private final Object owner;
        private final Runnable body;
        private boolean cancelled;

        private Task(long at, long seq, Object owner, Runnable body) {
            this.at = at;
            this.seq = seq;
            this.owner = owner;
            this.body = body;
        }

        void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Task o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
        }
    }

    SimScheduler(long startMillis) {
        this.nowMillis = startMillis;
    }

    long nowMillis() {
        return nowMillis;
    }

    /** Virtual monotonic time in ns; never steps. */
    long nanoTime() {
        return nowMillis * 1_000_000L;
    }

    /** Runs {@code body} after {@code delayMillis} (at least 0), on behalf of {@code owner} (may be null). */
    Task after(long delayMillis, Object owner, Runnable body) {
        Task t = new Task(nowMillis + Math.max(0, delayMillis), sequence++, owner, body);
        queue.add(t);
        return t;
    }

    /** Runs {@code body} at virtual time {@code atMillis}, or now if that has passed. */
    Task at(long atMillis, Runnable body) {
        return after(atMillis - nowMillis, null, body);
    }

    /** The owner of the task running now, or null. */
    Object owner() {
        return owner;
    }

    /** Tasks run so far. */
    long executed() {
        return executed;
    }

    /** Runs every task due up to {@code untilMillis}, calling {@code afterEach} after each, then sets the clock there. */
    void runUntil(long untilMillis, Runnable afterEach) {
        while (!queue.isEmpty() && queue.peek().at <= untilMillis) {
            Task t = queue.poll();
            if (t.cancelled) {
                continue;
            }
            nowMillis = t.at;
            owner = t.owner;
            try {
                t.body.run();
            } finally {
                owner = null;
            }
            executed++;
            afterEach.run();
        }
        nowMillis = Math.max(nowMillis, untilMillis);
    }
}
