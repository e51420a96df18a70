package com.fleetlink.ingestion.registry;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded, lock-free multi-producer queue with one consumer.
 *
 * <p>Not an {@code ArrayBlockingQueue}: its one lock is taken by the consumer too, so an event loop
 * could wait on the writer thread, which design §4 rule 1 forbids. Here producers only CAS.
 */
final class EventHandoff<E> {
    private final ConcurrentLinkedQueue<E> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;

    EventHandoff(int capacity) {
        this.capacity = capacity;
    }

    /** Queues {@code item}, or returns {@code false} at once when the queue is full. */
    boolean offer(E item) {
        // The slot is reserved before the item is linked, so the bound holds under any interleaving.
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            return false;
        }
        queue.offer(item);
        return true;
    }

    /** The oldest item, or {@code null}. Consumer only. */
    E poll() {
        E item = queue.poll();
        if (item != null) {
            size.decrementAndGet();
        }
        return item;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /**
     * Throws away what is queued and returns how many. Bounded by the capacity so that producers
     * refilling the queue cannot keep the consumer here; whatever stays is newer than what went.
     */
    int discardAll() {
        int discarded = 0;
        while (discarded < capacity && poll() != null) {
            discarded++;
        }
        return discarded;
    }

    /** Items queued right now (approximate while producers run). */
    int size() {
        return Math.max(0, size.get());
    }
}
