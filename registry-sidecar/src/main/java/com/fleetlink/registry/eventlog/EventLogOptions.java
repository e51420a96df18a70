package com.fleetlink.registry.eventlog;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;

/**
 * Settings of an {@link EventLog}. Immutable; make one with {@link #builder()} or
 * {@link #create(Path)}, change a copy with {@link #mutate()}. The builder rejects a bad value at
 * once with an {@link IllegalArgumentException} whose message starts with the setting's name.
 */
public final class EventLogOptions {
    /** Default size at which the current file is rotated: 16 MiB. */
    public static final long DEFAULT_MAX_FILE_BYTES = 16L * 1024 * 1024;
    /** Default bound on the directory's log files together, current file included: 256 MiB. */
    public static final long DEFAULT_MAX_TOTAL_BYTES = 256L * 1024 * 1024;
    /** Default number of entries waiting for the writer before appends are dropped: 65,536. */
    public static final int DEFAULT_QUEUE_CAPACITY = 65_536;
    /** Default longest time a written line stays in the process' buffer: 1 s. */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    /** Smallest {@code maxFileBytes}: below it nearly every line would start a new file. */
    public static final long MIN_FILE_BYTES = 1024;
    /** Largest {@code queueCapacity}: the hand-off counts entries in an {@code int}. */
    public static final int MAX_QUEUE_CAPACITY = 1 << 24;

    private final Path directory;
    private final long maxFileBytes;
    private final long maxTotalBytes;
    private final int queueCapacity;
    private final Duration flushInterval;
    private final ThreadFactory writerThreadFactory;

    private EventLogOptions(Builder b) {
        this.directory = b.directory;
        this.maxFileBytes = b.maxFileBytes;
        this.maxTotalBytes = b.maxTotalBytes;
        this.queueCapacity = b.queueCapacity;
        this.flushInterval = b.flushInterval;
        this.writerThreadFactory = b.writerThreadFactory;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The defaults, writing into {@code directory}. */
    public static EventLogOptions create(Path directory) {
        return builder().directory(directory).build();
    }

    /** A builder holding these options. */
    public Builder mutate() {
        return new Builder().directory(directory).maxFileBytes(maxFileBytes).maxTotalBytes(maxTotalBytes)
                .queueCapacity(queueCapacity).flushInterval(flushInterval).writerThreadFactory(writerThreadFactory);
    }

    /** Where {@code events.log} and its rotated files live; created if missing. */
    public Path directory() {
        return directory;
    }

    /** The current file is rotated before a line would take it past this size. */
    public long maxFileBytes() {
        return maxFileBytes;
    }

    /** The oldest rotated files are deleted to keep the log files within this size. */
    public long maxTotalBytes() {
        return maxTotalBytes;
    }

    /** Entries that may wait for the writer; beyond it appends are dropped and counted. */
    public int queueCapacity() {
        return queueCapacity;
    }

    /** Longest time a line waits in the process before it is handed to the operating system. */
    public Duration flushInterval() {
        return flushInterval;
    }

    /** Makes the one writer thread. */
    public ThreadFactory writerThreadFactory() {
        return writerThreadFactory;
    }

    @Override
    public String toString() {
        return "EventLogOptions{directory=" + directory + ", maxFileBytes=" + maxFileBytes + ", maxTotalBytes="
                + maxTotalBytes + ", queueCapacity=" + queueCapacity + ", flushInterval=" + flushInterval + '}';
    }

    private static Thread defaultWriterThread(Runnable task) {
        Thread thread = new Thread(task, "event-log-writer");
        // The owner closes the log to drain it; a forgotten close must not keep the JVM alive.
        thread.setDaemon(true);
        return thread;
    }

    /** Collects and checks the settings; every setter validates its value at once. */
    public static final class Builder {
        private Path directory;
        private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
        private long maxTotalBytes = DEFAULT_MAX_TOTAL_BYTES;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
        private ThreadFactory writerThreadFactory = EventLogOptions::defaultWriterThread;

        private Builder() {
        }

        /** Required: the directory of the log files; created on open if missing. */
        public Builder directory(Path directory) {
            if (directory == null) {
                throw new IllegalArgumentException("directory must not be null");
            }
            this.directory = directory;
            return this;
        }

        /**
         * Size at which the current file is rotated; default {@link #DEFAULT_MAX_FILE_BYTES}, at least
         * {@link #MIN_FILE_BYTES}. A single line longer than this gets a file of its own.
         */
        public Builder maxFileBytes(long maxFileBytes) {
            if (maxFileBytes < MIN_FILE_BYTES) {
                throw new IllegalArgumentException("maxFileBytes must be at least " + MIN_FILE_BYTES + ", was " + maxFileBytes);
            }
            this.maxFileBytes = maxFileBytes;
            return this;
        }

        /**
         * Bound on all log files of the directory together; default {@link #DEFAULT_MAX_TOTAL_BYTES};
         * at least {@code maxFileBytes} (checked by {@link #build()}). Room for a full current file
         * is kept free, so with both equal no rotated file is kept.
         */
        public Builder maxTotalBytes(long maxTotalBytes) {
            if (maxTotalBytes < MIN_FILE_BYTES) {
                throw new IllegalArgumentException("maxTotalBytes must be at least " + MIN_FILE_BYTES + ", was " + maxTotalBytes);
            }
            this.maxTotalBytes = maxTotalBytes;
            return this;
        }

        /** Entries that may wait for the writer; default {@link #DEFAULT_QUEUE_CAPACITY}, 1 to {@link #MAX_QUEUE_CAPACITY}. */
        public Builder queueCapacity(int queueCapacity) {
            if (queueCapacity < 1 || queueCapacity > MAX_QUEUE_CAPACITY) {
                throw new IllegalArgumentException("queueCapacity must be between 1 and " + MAX_QUEUE_CAPACITY
                        + ", was " + queueCapacity);
            }
            this.queueCapacity = queueCapacity;
            return this;
        }

        /** Longest time a line stays buffered in the process; default {@link #DEFAULT_FLUSH_INTERVAL}, at least 1 ms. */
        public Builder flushInterval(Duration flushInterval) {
            if (flushInterval == null || flushInterval.toMillis() < 1) {
                throw new IllegalArgumentException("flushInterval must be at least 1ms, was " + flushInterval);
            }
            this.flushInterval = flushInterval;
            return this;
        }

        /**
         * Makes the writer thread; by default a daemon thread named {@code event-log-writer}. The
         * thread must run the task it is given, but may start it late.
         */
        public Builder writerThreadFactory(ThreadFactory writerThreadFactory) {
            if (writerThreadFactory == null) {
                throw new IllegalArgumentException("writerThreadFactory must not be null");
            }
            this.writerThreadFactory = writerThreadFactory;
            return this;
        }

        /** @throws IllegalArgumentException if the directory is missing or maxTotalBytes &lt; maxFileBytes */
        public EventLogOptions build() {
            if (directory == null) {
                throw new IllegalArgumentException("directory is required");
            }
            if (maxTotalBytes < maxFileBytes) {
                throw new IllegalArgumentException("maxTotalBytes (" + maxTotalBytes
                        + ") must be at least maxFileBytes (" + maxFileBytes + ")");
            }
            return new EventLogOptions(this);
        }
    }
}
