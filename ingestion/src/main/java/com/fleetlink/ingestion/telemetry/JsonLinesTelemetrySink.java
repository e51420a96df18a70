package com.fleetlink.ingestion.telemetry;

import com.fleetlink.ingestion.teltonika.AvlRecord;
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
    /**
     * Encoded bytes the writer gathers before handing them to the target: large enough that a drained
     * run costs few {@code write} calls, small enough to stay in cache, and the only buffer between the
     * encoder and the file.
     */
    private static final int WRITE_CHUNK = 256 * 1024;

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
        return new JsonLinesTelemetrySink(new FileOutputStream(file.toFile(), true), true, queueCapacity);
    }

    /** A sink writing to standard output, which it leaves open when closed. */
    public static JsonLinesTelemetrySink toStdout(int queueCapacity) {
        return new JsonLinesTelemetrySink(System.out, false, queueCapacity);
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
                drained.add(queue.take());
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

    /**
     * Writes a drained run, its packets' lines gathered in the encoder's buffer and handed over a chunk at
     * a time; returns false once the poison pill shows the sink is closing.
     */
    private boolean writeAll(List<Pending> drained) {
        boolean closing = false;
        try {
            lines.reset();
            for (Pending p : drained) {
                if (p == POISON) {
                    closing = true;
                } else {
                    appendLines(p.batch());
                    if (lines.size() >= WRITE_CHUNK) {
                        writeOut();
                    }
                }
            }
            writeOut();
            target.flush();
            complete(drained, null);
        } catch (IOException | RuntimeException e) {
            log.error("telemetry write failed: {}", e.toString());
            complete(drained, e);
        }
        return !closing;
    }

    private void appendLines(TelemetryBatch batch) {
        for (AvlRecord record : batch.records()) {
            lines.appendTelemetryObject(batch, record);
            lines.append('\n');
        }
    }

    private void writeOut() throws IOException {
        lines.writeTo(target);
        lines.reset();
    }

    private static void complete(List<Pending> drained, Throwable failure) {
        for (Pending p : drained) {
            if (p == POISON) {
                continue;
            }
            if (failure == null) {
                p.done().complete(null);
            } else {
                p.done().completeExceptionally(failure);
            }
        }
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
