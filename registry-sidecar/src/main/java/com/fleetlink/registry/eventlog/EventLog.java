package com.fleetlink.registry.eventlog;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar's event log: every received event and every Redis outcome as one JSON line (format:
 * {@link EventLogEntry}) in {@code events.log} of a directory, rotated by size into gzip files and
 * bounded in total size (see {@link EventLogOptions}). {@link EventLogReader} reads it back.
 *
 * <p>{@link #append} is called on Netty event loops, so it never blocks (design §4 rule 1): it puts
 * the entry on a bounded lock-free queue for the one writer thread, or drops and counts it when the
 * queue is full. The writer formats and writes the lines, hands them to the operating system
 * whenever the queue runs empty and at least every {@code flushInterval} under steady load, and does
 * the rotation and compression itself (the queue absorbs what arrives meanwhile).
 *
 * <p>Lines reach the operating system, not necessarily the disk: a process crash loses at most
 * {@code flushInterval} of lines, a machine crash may lose more.
 */
public final class EventLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);

    private final LogDirectory files;
    private final int capacity;
    private final long flushNanos;
    private final Queue<EventLogEntry> queue = new ConcurrentLinkedQueue<>();
    // The queue's own size() walks the list; this counter is the bound appends check.
    private final AtomicInteger queued = new AtomicInteger();
    private final LongAdder dropped = new LongAdder();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Thread writer;
    /** Set while the writer parks, so appends wake it only when it sleeps. */
    private volatile boolean writerParked;
    // Written by the writer thread only.
    private volatile long written;
    private volatile long writeErrors;

    private EventLog(LogDirectory files, EventLogOptions options) {
        this.files = files;
        this.capacity = options.queueCapacity();
        this.flushNanos = options.flushInterval().toNanos();
        this.writer = options.writerThreadFactory().newThread(this::runWriter);
    }

    /**
     * Creates the directory if needed, opens {@code events.log} for appending and starts the writer.
     *
     * @throws IOException if the directory or file cannot be created or opened
     */
    public static EventLog open(EventLogOptions options) throws IOException {
        LogDirectory files = LogDirectory.open(options.directory(), options.maxFileBytes(), options.maxTotalBytes(),
                Clock.systemUTC());
        EventLog log = new EventLog(files, options);
        log.writer.start();
        return log;
    }

    /**
     * Queues {@code entry} for writing and returns at once, from any thread. Never blocks.
     *
     * @return false if the entry was dropped (queue full, or the log is closing) and counted in
     *         {@link #droppedCount()}
     */
    public boolean append(EventLogEntry entry) {
        if (closing.get()) {
            dropped.increment();
            return false;
        }
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            dropped.increment();
            return false;
        }
        queue.offer(entry);
        if (writerParked) {
            LockSupport.unpark(writer);
        }
        return true;
    }

    /** The current file, {@code events.log} in the directory. */
    public Path path() {
        return files.current();
    }

    /** Bytes of the current file (buffered lines included) and the rotated files. */
    public long totalBytes() {
        return files.totalBytes();
    }

    /** Entries written so far. */
    public long writtenCount() {
        return written;
    }

    /** Entries lost: dropped because the queue was full or the log closing, or lost to a write error. */
    public long droppedCount() {
        return dropped.sum();
    }

    /** Failed writes, rotations or flushes (each is logged; the writer carries on with the next entry). */
    public long writeErrorCount() {
        return writeErrors;
    }

    /**
     * Stops taking entries, waits until the writer has written and flushed everything queued, and
     * closes the file. Idempotent. If interrupted, returns with the interrupt flag set while the
     * writer finishes on its own.
     */
    @Override
    public void close() {
        closing.set(true);
        LockSupport.unpark(writer);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        // An append that passed the closing check while the writer finished lands here.
        while (queue.poll() != null) {
            queued.decrementAndGet();
            dropped.increment();
        }
    }

    private void runWriter() {
        LineBytes line = new LineBytes();
        boolean unflushed = false;
        long nextFlush = System.nanoTime() + flushNanos;
        boolean failing = false;
        try {
            while (true) {
                EventLogEntry entry;
                while ((entry = queue.poll()) != null) {
                    queued.decrementAndGet();
                    failing = write(entry, line, failing);
                    unflushed = true;
                    if (System.nanoTime() - nextFlush >= 0) {
                        failing = flush(failing);
                        unflushed = false;
                        nextFlush = System.nanoTime() + flushNanos;
                    }
                }
                if (unflushed) {
                    // Idle: nothing is gained by holding the lines back.
                    failing = flush(failing);
                    unflushed = false;
                    nextFlush = System.nanoTime() + flushNanos;
                }
                if (closing.get() && queue.isEmpty()) {
                    return;
                }
                writerParked = true;
                // Rechecked after announcing the park, so an append that missed the flag is seen here.
                if (queue.isEmpty() && !closing.get()) {
                    LockSupport.parkNanos(this, flushNanos);
                }
                writerParked = false;
            }
        } finally {
            try {
                files.close();
            } catch (IOException e) {
                writeErrors++;
                LOG.warn("closing event log {} failed: {}", files.current(), e.toString());
            }
        }
    }

    /** Writes one entry; returns whether the log is in a failing streak (logged once per streak). */
    private boolean write(EventLogEntry entry, LineBytes line, boolean failing) {
        try {
            line.reset();
            EventLogJson.write(entry, line);
            line.write('\n');
            files.write(line.bytes(), line.size());
            written++;
            if (failing) {
                LOG.info("event log {} writes again", files.current());
            }
            return false;
        } catch (IOException | RuntimeException e) {
            dropped.increment();
            return failed(failing, "writing", e);
        }
    }

    private boolean flush(boolean failing) {
        try {
            files.flush();
            return failing;
        } catch (IOException e) {
            return failed(failing, "flushing", e);
        }
    }

    private boolean failed(boolean failing, String what, Exception e) {
        writeErrors++;
        if (!failing) {
            LOG.warn("{} event log {} failed, entries are lost until it recovers: {}", what, files.current(), e.toString());
        }
        return true;
    }
}
