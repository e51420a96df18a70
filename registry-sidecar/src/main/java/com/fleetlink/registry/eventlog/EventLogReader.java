package com.fleetlink.registry.eventlog;

import com.fleetlink.protocol.io.BoundedLineReader;
import com.fleetlink.protocol.io.BoundedLineReader.End;
import com.fleetlink.protocol.io.BoundedLineReader.Line;
import com.fleetlink.protocol.io.BoundedLineReader.Read;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an event log back in the order it was written: the rotated files oldest first (by the
 * timestamp in their names, then their sequence number), then the current {@code events.log}.
 * Gzip files are recognised by their content and decompressed on the fly.
 *
 * <p>Damage never ends the reading with an exception: a line that is not a valid entry (a torn
 * last line after a crash, a gzip file cut short, a file deleted by rotation while being read) is
 * reported as a {@link Problem} naming the file and line, and the reading goes on with the next
 * line or file. Blank lines are skipped silently.
 */
public final class EventLogReader {
    /** Longest line read; a longer one is reported and skipped. */
    public static final int MAX_LINE_BYTES = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(EventLogReader.class);
    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    private final Path directory;
    private final List<Path> files;
    private final Consumer<Problem> onProblem;
    private final AtomicLong problems = new AtomicLong();

    /**
     * Something that was skipped.
     *
     * @param file the file it was found in
     * @param line the 1-based line number; 0 when the whole file could not be read
     * @param reason what was wrong
     */
    public record Problem(Path file, long line, String reason) {
        @Override
        public String toString() {
            return file.getFileName() + (line > 0 ? ":" + line : "") + ": " + reason;
        }
    }

    private EventLogReader(Path directory, List<Path> files, Consumer<Problem> onProblem) {
        this.directory = directory;
        this.files = files;
        this.onProblem = onProblem;
    }

    /**
     * Reads {@code path}: a directory (its {@code events.log} and rotated files) or a single file.
     * A directory is listed each time {@link #read} starts. Problems are logged as warnings.
     */
    public static EventLogReader of(Path path) {
        return of(path, problem -> LOG.warn("event log: skipped {}", problem));
    }

    /** Like {@link #of(Path)}, handing each problem to {@code onProblem} instead of the log. */
    public static EventLogReader of(Path path, Consumer<Problem> onProblem) {
        if (Files.isDirectory(path)) {
            return new EventLogReader(path, List.of(), onProblem);
        }
        return new EventLogReader(null, List.of(path), onProblem);
    }

    /**
     * Reads the given log files, put in the order they were written whatever order they come in:
     * rotated names oldest first, unknown names next (by name), {@code events.log} last.
     */
    public static EventLogReader ofFiles(List<Path> files, Consumer<Problem> onProblem) {
        return new EventLogReader(null, LogFileName.chronological(List.copyOf(files)), onProblem);
    }

    /** The files {@link #read} will go through, in order. A directory that cannot be listed is reported. */
    public List<Path> files() {
        if (directory == null) {
            return files;
        }
        try {
            return listDirectory(directory);
        } catch (IOException e) {
            report(new Problem(directory, 0, "cannot list the directory: " + e));
            return List.of();
        }
    }

    /**
     * Hands every valid entry to {@code sink}, in order, and reports the rest. Only an exception
     * thrown by {@code sink} itself leaves this method.
     *
     * @return the number of entries handed to {@code sink}
     */
    public long read(Consumer<EventLogEntry> sink) {
        long entries = 0;
        for (Path file : files()) {
            entries += readFile(file, sink);
        }
        return entries;
    }

    /** All valid entries in order; meant for logs that fit in memory (tests, small replays). */
    public List<EventLogEntry> readAll() {
        List<EventLogEntry> all = new ArrayList<>();
        read(all::add);
        return all;
    }

    /** Problems reported by this reader so far, over all reads. */
    public long problemCount() {
        return problems.get();
    }

    private long readFile(Path file, Consumer<EventLogEntry> sink) {
        long entries = 0;
        long lineNumber = 0;
        try (InputStream in = open(file)) {
            BoundedLineReader lines = BoundedLineReader.of(in, MAX_LINE_BYTES);
            while (true) {
                lineNumber++;
                Read read = lines.next();
                if (read instanceof End) {
                    break;
                }
                EventLogEntry entry = parse(file, lineNumber, read);
                if (entry != null) {
                    sink.accept(entry);
                    entries++;
                }
            }
        } catch (NoSuchFileException e) {
            report(new Problem(file, 0, "file vanished before it could be read (rotated or pruned meanwhile?)"));
        } catch (IOException e) {
            // Typically a gzip file cut short by a crash: what came before was read, the rest is gone.
            report(new Problem(file, lineNumber, "file unreadable from here on: " + e));
        }
        return entries;
    }

    private EventLogEntry parse(Path file, long lineNumber, Read read) {
        if (!(read instanceof Line line)) {
            report(new Problem(file, lineNumber, "line longer than " + MAX_LINE_BYTES + " bytes"));
            return null;
        }
        if (line.blank()) {
            return null;
        }
        try {
            return EventLogJson.parse(line.bytes(), 0, line.length());
        } catch (EventLogJson.MalformedLineException e) {
            String where = line.terminated() ? "not a valid entry: " : "last line cut short (no newline): ";
            report(new Problem(file, lineNumber, where + e.getMessage()));
            return null;
        }
    }

    private void report(Problem problem) {
        problems.incrementAndGet();
        onProblem.accept(problem);
    }

    private static InputStream open(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
        try {
            in.mark(2);
            boolean gzip = in.read() == GZIP_MAGIC_1 && in.read() == GZIP_MAGIC_2;
            in.reset();
            return gzip ? new GZIPInputStream(in, 64 * 1024) : in;
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    /** The log files of a directory in writing order; a rotated file also present compressed is read once. */
    private static List<Path> listDirectory(Path directory) throws IOException {
        List<Path> found = new ArrayList<>();
        Set<String> names = new HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path file : entries) {
                String name = file.getFileName().toString();
                if (name.equals(LogFileName.CURRENT) || LogFileName.parse(file).isPresent()) {
                    found.add(file);
                    names.add(name);
                }
            }
        }
        // Both exist only if a crash struck between finishing the gzip and deleting its original.
        found.removeIf(file -> LogFileName.parse(file).filter(r -> !r.compressed())
                .map(r -> names.contains(LogFileName.compressed(file.getFileName().toString()))).orElse(false));
        return LogFileName.chronological(found);
    }
}
