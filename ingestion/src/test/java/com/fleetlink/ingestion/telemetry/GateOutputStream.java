package com.fleetlink.ingestion.telemetry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An output stream whose writes block until the test opens it: stands in for a disk that stalls, so a
 * writer thread can be held still at a known point.
 */
final class GateOutputStream extends OutputStream {
    private final CountDownLatch writerArrived = new CountDownLatch(1);
    private final CountDownLatch open = new CountDownLatch(1);
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        writerArrived.countDown();
        try {
            open.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("gate wait interrupted");
        }
        synchronized (written) {
            written.write(b, off, len);
        }
    }

    /** Returns once a writer is blocked on the gate; fails after {@code timeout}. */
    void awaitWriterBlocked(Duration timeout) throws InterruptedException {
        if (!writerArrived.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("nothing was written within " + timeout.toMillis() + " ms");
        }
    }

    /** Lets every blocked and future write through. */
    void open() {
        open.countDown();
    }

    /** What got through the gate so far. */
    String written() {
        synchronized (written) {
            return written.toString(StandardCharsets.UTF_8);
        }
    }
}
