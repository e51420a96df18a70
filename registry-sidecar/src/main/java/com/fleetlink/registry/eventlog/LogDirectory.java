package com.fleetlink.registry.eventlog;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of one event-log directory, used by the writer thread only (the sizes may be read from
 * any thread): appends lines to {@code events.log}, rotates it by size into a gzip file, and deletes
 * the oldest rotated files to keep the directory within its bound.
 *
 * <p>The bound keeps room for a full current file: rotated files may take
 * {@code maxTotalBytes - maxFileBytes}, so the directory stays within {@code maxTotalBytes} at every
 * moment (not only right after a rotation), apart from a line longer than {@code maxFileBytes} and
 * the compressed copy that exists while a rotated file is being compressed.
 */
final class LogDirectory implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(LogDirectory.class);
    private static final int BUFFER_BYTES = 64 * 1024;

    private final Path directory;
    private final Path current;
    private final long maxFileBytes;
    private final long maxTotalBytes;
    private final Clock clock;

    private OutputStream out;
    private long nextSeq = 1;
    private Instant lastStamp = Instant.EPOCH;
    private volatile long currentBytes;
    private volatile long rotatedBytes;

    private LogDirectory(Path directory, long maxFileBytes, long maxTotalBytes, Clock clock) {
        this.directory = directory;
        this.current = directory.resolve(LogFileName.CURRENT);
        this.maxFileBytes = maxFileBytes;
        this.maxTotalBytes = maxTotalBytes;
        this.clock = clock;
    }

    /**
     * Creates the directory if needed, finishes what a crash left (half-compressed files), and opens
     * {@code events.log} for appending.
     */
    static LogDirectory open(Path directory, long maxFileBytes, long maxTotalBytes, Clock clock) throws IOException {
        Files.createDirectories(directory);
        LogDirectory log = new LogDirectory(directory, maxFileBytes, maxTotalBytes, clock);
        log.recover();
        log.openCurrent();
        if (log.currentBytes >= maxFileBytes) {
            log.rotate();
        } else {
            log.prune();
        }
        return log;
    }

    Path current() {
        return current;
    }

    /** Bytes of {@code events.log} (including lines still buffered) plus all rotated files. */
    long totalBytes() {
        return currentBytes + rotatedBytes;
    }

    /**
     * Appends one line (its newline included). Rotates first if the line would take the current
     * file past {@code maxFileBytes}. After a failure the next call reopens the file.
     */
    void write(byte[] line, int length) throws IOException {
        if (out == null) {
            openCurrent();
        }
        if (currentBytes > 0 && currentBytes + length > maxFileBytes) {
            rotate();
        }
        try {
            out.write(line, 0, length);
        } catch (IOException e) {
            abandonCurrent();
            throw e;
        }
        currentBytes += length;
    }

    /** Hands buffered lines to the operating system. */
    void flush() throws IOException {
        if (out == null) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            abandonCurrent();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            OutputStream closing = out;
            out = null;
            closing.close();
        }
    }

    private void openCurrent() throws IOException {
        long size = Files.exists(current) ? Files.size(current) : 0;
        OutputStream file = new FileOutputStream(current.toFile(), true);
        try {
            // A crash (or a failed write) may have left half a line; end it so the next line stands alone.
            if (size > 0 && lastByte(current) != '\n') {
                file.write('\n');
                size++;
            }
        } catch (IOException e) {
            file.close();
            throw e;
        }
        out = new BufferedOutputStream(file, BUFFER_BYTES);
        currentBytes = size;
    }

    private void abandonCurrent() {
        try {
            close();
        } catch (IOException e) {
            LOG.debug("closing {} after a failed write also failed: {}", current, e.toString());
        }
        // What reached the file is unknown; the size is measured again when it is reopened.
    }

    private static int lastByte(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, channel.size() - 1);
            return one.flip().hasRemaining() ? one.get() : -1;
        }
    }

    private void rotate() throws IOException {
        close();
        // Never earlier than the last rotation, so the names sort in writing order even if the clock steps back.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        lastStamp = now.isAfter(lastStamp) ? now : lastStamp;
        Path raw = directory.resolve(LogFileName.rotated(lastStamp, nextSeq++));
        Files.move(current, raw, StandardCopyOption.ATOMIC_MOVE);
        compress(raw);
        openCurrent();
        prune();
    }

    /** Replaces {@code raw} by its gzip; on failure the raw file stays and is read as it is. */
    private void compress(Path raw) {
        Path gz = raw.resolveSibling(LogFileName.compressed(raw.getFileName().toString()));
        Path tmp = gz.resolveSibling(gz.getFileName() + LogFileName.TEMP_SUFFIX);
        try {
            try (InputStream in = Files.newInputStream(raw);
                 OutputStream zip = new FastGzipOutputStream(Files.newOutputStream(tmp), BUFFER_BYTES)) {
                in.transferTo(zip);
            }
            // Only a complete gzip gets the final name; the raw file goes once the gzip is in place.
            Files.move(tmp, gz, StandardCopyOption.ATOMIC_MOVE);
            Files.delete(raw);
        } catch (IOException e) {
            LOG.warn("could not compress rotated event log {}, keeping it uncompressed: {}", raw, e.toString());
            deleteQuietly(tmp);
        }
    }

    /** Deletes the oldest rotated files until they fit beside a full current file. */
    private void prune() throws IOException {
        List<LogFileName.Rotated> rotated = LogFileName.listRotated(directory);
        long[] sizes = new long[rotated.size()];
        long total = 0;
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = sizeOrZero(rotated.get(i).path());
            total += sizes[i];
        }
        long budget = maxTotalBytes - maxFileBytes;
        for (int i = 0; i < sizes.length && total > budget; i++) {
            if (deleteQuietly(rotated.get(i).path())) {
                total -= sizes[i];
            }
        }
        rotatedBytes = total;
    }

    /** Undoes what a crash during rotation left behind and continues the file numbering. */
    private void recover() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "events-*" + LogFileName.TEMP_SUFFIX)) {
            for (Path tmp : files) {
                deleteQuietly(tmp);
            }
        }
        for (LogFileName.Rotated r : LogFileName.listRotated(directory)) {
            nextSeq = Math.max(nextSeq, r.seq() + 1);
            Instant stamp = r.instant();
            lastStamp = stamp.isAfter(lastStamp) ? stamp : lastStamp;
            if (!r.compressed()) {
                Path gz = r.path().resolveSibling(LogFileName.compressed(r.path().getFileName().toString()));
                if (Files.exists(gz)) {
                    deleteQuietly(r.path()); // the gzip was complete: only deleting the original was left
                } else {
                    compress(r.path());
                }
            }
        }
    }

    private static long sizeOrZero(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // deleted meanwhile (an operator, a second process): it takes no room
        }
    }

    private static boolean deleteQuietly(Path file) {
        try {
            Files.delete(file);
            return true;
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            LOG.warn("could not delete event log file {}: {}", file, e.toString());
            return false;
        }
    }
}
