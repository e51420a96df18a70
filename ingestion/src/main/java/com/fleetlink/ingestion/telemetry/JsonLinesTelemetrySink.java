package com.fleetlink.ingestion.telemetry;

import com.fleetlink.ingestion.teltonika.AvlRecord;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one JSON object per record and line ({@code imei}, {@code receivedAt}, {@code codec} and
 * the record's fields) to a file or to stdout.
 *
 * <p>A single writer thread drains a bounded queue in batches, writes them, flushes to the
 * operating system and only then completes their stages, so an ACK always follows the write. When
 * the queue is full the batch is refused at once rather than waiting on the event loop.
 */
public final class JsonLinesTelemetrySink implements TelemetrySink {
    /** Batches the queue holds before refusing new ones. */
    public static final int DEFAULT_QUEUE_CAPACITY = 16_384;

    private static final Logger log = LoggerFactory.getLogger(JsonLinesTelemetrySink.class);
    private static final Pending POISON = new Pending(null, null);
    private static final long CLOSE_TIMEOUT_SECONDS = 30;

    private final BlockingQueue<Pending> queue;
    private final OutputStream target;
    private final boolean closeTarget;
    private final TelemetryJsonEncoder lines = new TelemetryJsonEncoder();
    private final Thread writer;
    private volatile boolean closed;

    private JsonLinesTelemetrySink(OutputStream target, boolean closeTarget, int queueCapacity) {
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.target = target;
        this.closeTarget = closeTarget;
        this.writer = new Thread(this::drainLoop, "telemetry-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** A sink appending to {@code file}, creating it and its directory when missing. */
    public static JsonLinesTelemetrySink toFile(Path file, int queueCapacity) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return new JsonLinesTelemetrySink(
                new BufferedOutputStream(new FileOutputStream(file.toFile(), true), 256 * 1024), true, queueCapacity);
    }

    /** A sink writing to standard output, which it leaves open when closed. */
    public static JsonLinesTelemetrySink toStdout(int queueCapacity) {
        return new JsonLinesTelemetrySink(new BufferedOutputStream(System.out, 256 * 1024), false, queueCapacity);
    }

    @Override
    public CompletionStage<Void> accept(TelemetryBatch batch) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("telemetry sink is closed"));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!queue.offer(new Pending(batch, done))) {
            return CompletableFuture.failedFuture(new SinkOverloadedException(
                    "telemetry queue full (" + (queue.size() + queue.remainingCapacity()) + " packets)"));
        }
        return done;
    }

    private void drainLoop() {
        List<Pending> drained = new ArrayList<>(1024);
        boolean running = true;
        while (running) {
            try {
                Pending first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                drained.add(first);
                queue.drainTo(drained, 4096);
                running = writeAll(drained);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } finally {
                drained.clear();
            }
        }
    }

    /** Writes a drained run; returns false once the poison pill shows the sink is closing. */
    private boolean writeAll(List<Pending> drained) {
        try {
            for (Pending p : drained) {
                if (p != POISON) {
                    writeBatch(p.batch());
                }
            }
            target.flush();
            drained.stream().filter(p -> p != POISON).forEach(p -> p.done().complete(null));
        } catch (IOException | RuntimeException e) {
            log.error("telemetry write failed: {}", e.toString());
            drained.stream().filter(p -> p != POISON).forEach(p -> p.done().completeExceptionally(e));
        }
        return !drained.contains(POISON);
    }

    private void writeBatch(TelemetryBatch batch) throws IOException {
        lines.reset();
        for (AvlRecord record : batch.records()) {
            lines.appendTelemetryObject(batch, record);
            lines.append('\n');
        }
        lines.writeTo(target);
    }

    /** Refuses new batches, writes out those already queued, then closes the file. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!queue.offer(POISON, CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                writer.interrupt();
            }
            writer.join(TimeUnit.SECONDS.toMillis(CLOSE_TIMEOUT_SECONDS));
            // A batch that slipped in beside the stop marker was never written: say so rather than leave it hanging.
            for (Pending p = queue.poll(); p != null; p = queue.poll()) {
                if (p != POISON) {
                    p.done().completeExceptionally(new IllegalStateException("telemetry sink closed"));
                }
            }
            if (closeTarget) {
                target.close();
            } else {
                target.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Pending(TelemetryBatch batch, CompletableFuture<Void> done) {
    }
}
