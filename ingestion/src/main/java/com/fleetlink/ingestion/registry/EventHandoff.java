package com.fleetlink.ingestion.registry;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * A bounded, lock-free multi-producer queue with one consumer.
 *
 * <p>Not an {@code ArrayBlockingQueue}: its one lock is taken by the consumer too, so an event loop
 * could wait on the writer thread, which design §4 rule 1 forbids. Here producers only CAS.
 */
final class EventHandoff<E> {
    private final ConcurrentLinkedQueue<Queued<E>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;
    private final LongSupplier nanoClock;
    private final LongConsumer waits;

    /**
     * @param nanoClock read when an item is queued and when the consumer takes it, e.g. {@code System::nanoTime}
     * @param waits     told how many nanoseconds each item {@link #poll()} returns waited; not told of discarded ones
     */
    EventHandoff(int capacity, LongSupplier nanoClock, LongConsumer waits) {
        this.capacity = capacity;
        this.nanoClock = nanoClock;
        this.waits = waits;
    }

    /** Queues {@code item}, or returns {@code false} at once when the queue is full. */
    boolean offer(E item) {
        // The slot is reserved before the item is linked, so the bound holds under any interleaving.
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            return false;
        }
        queue.offer(new Queued<>(item, nanoClock.getAsLong()));
        return true;
    }

    /** The oldest item, or {@code null}. Consumer only. */
    E poll() {
        Queued<E> queued = take();
        if (queued == null) {
            return null;
        }
        waits.accept(nanoClock.getAsLong() - queued.nanos());
        return queued.item();
    }

    private Queued<E> take() {
        Queued<E> queued = queue.poll();
        if (queued != null) {
            size.decrementAndGet();
        }
        return queued;
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
        while (discarded < capacity && take() != null) {
            discarded++;
        }
        return discarded;
    }

    /** Items queued right now (approximate while producers run). */
    int size() {
        return Math.max(0, size.get());
    }

    /** An item and when it was queued. */
    private record Queued<E>(E item, long nanos) {
    }
}
