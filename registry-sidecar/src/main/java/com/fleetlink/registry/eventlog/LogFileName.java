package com.fleetlink.registry.eventlog;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of the log files: the current {@code events.log} and rotated
 * {@code events-<yyyyMMdd'T'HHmmss.SSS'Z'>-<seq>.log.gz} (UTC). A rotated file without
 * {@code .gz} is one whose compression a crash interrupted; it is read like the others.
 */
final class LogFileName {
    static final String CURRENT = "events.log";
    /** Suffix of a compressed file still being written; never read, removed on open. */
    static final String TEMP_SUFFIX = ".tmp";

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern ROTATED = Pattern.compile("events-(\\d{8}T\\d{6}\\.\\d{3}Z)-(\\d{1,18})\\.log(\\.gz)?");

    /** Oldest first: by the name's timestamp (fixed width, so text order is time order), then seq. */
    static final Comparator<Rotated> OLDEST_FIRST =
            Comparator.comparing(Rotated::stamp).thenComparingLong(Rotated::seq).thenComparing(Rotated::compressed);

    private LogFileName() {
    }

    /** A rotated file, recognised by its name. */
    record Rotated(Path path, String stamp, long seq, boolean compressed) {
        Instant instant() {
            return STAMP.parse(stamp, Instant::from);
        }
    }

    /** The uncompressed name of the rotated file made at {@code stamp} with number {@code seq}. */
    static String rotated(Instant stamp, long seq) {
        return "events-" + STAMP.format(stamp) + "-" + seq + ".log";
    }

    static String compressed(String rotatedName) {
        return rotatedName + ".gz";
    }

    static Optional<Rotated> parse(Path path) {
        Matcher m = ROTATED.matcher(path.getFileName().toString());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Rotated(path, m.group(1), Long.parseLong(m.group(2)), m.group(3) != null));
    }

    /** The rotated files of {@code directory}, oldest first. */
    static List<Rotated> listRotated(Path directory) throws IOException {
        List<Rotated> rotated = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                parse(file).ifPresent(rotated::add);
            }
        }
        rotated.sort(OLDEST_FIRST);
        return rotated;
    }

    /**
     * Puts log files in the order they were written: rotated files oldest first, then files with
     * names of no known form (by name), then the current {@code events.log} files.
     */
    static List<Path> chronological(List<Path> files) {
        List<Rotated> rotated = new ArrayList<>();
        List<Path> other = new ArrayList<>();
        List<Path> current = new ArrayList<>();
        for (Path file : files) {
            Optional<Rotated> r = parse(file);
            if (r.isPresent()) {
                rotated.add(r.get());
            } else if (file.getFileName().toString().equals(CURRENT)) {
                current.add(file);
            } else {
                other.add(file);
            }
        }
        rotated.sort(OLDEST_FIRST);
        other.sort(Comparator.comparing(p -> p.getFileName().toString()));
        List<Path> ordered = new ArrayList<>(files.size());
        rotated.forEach(r -> ordered.add(r.path()));
        ordered.addAll(other);
        ordered.addAll(current);
        return ordered;
    }
}
