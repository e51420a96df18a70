package com.fleetlink.registry.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.protocol.local.LocalMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a log back after crashes and damage: problems are reported with file and line, never thrown. */
class EventLogReaderTest {
    @TempDir
    Path dir;

    private final List<EventLogReader.Problem> problems = new ArrayList<>();

    @Test
    void read_whenLastLineTorn_thenReportsItAndReadsTheRest() throws Exception {
        writeWithEventLog(0, 10);
        appendBytes(dir.resolve("events.log"), "{\"ts\":1700000000010,\"kind\":\"rece");

        List<EventLogEntry> read = reader().readAll();

        assertThat(seqs(read)).isEqualTo(range(0, 10));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(dir.resolve("events.log"));
            assertThat(p.line()).isEqualTo(11);
            assertThat(p.reason()).contains("cut short");
        });
    }

    @Test
    void open_whenLastLineTorn_thenNewLinesStartOnALineOfTheirOwn() throws Exception {
        writeWithEventLog(0, 10);
        appendBytes(dir.resolve("events.log"), "{\"ts\":1700000000010,\"kind\":\"rece");

        writeWithEventLog(10, 20);

        assertThat(seqs(reader().readAll())).isEqualTo(range(0, 20));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(11);
            assertThat(p.reason()).contains("not a valid entry");
        });
    }

    @Test
    void read_whenGzipCutShort_thenReportsTheFileAndGoesOnWithTheNext() throws Exception {
        Path first = dir.resolve("events-20240101T000000.000Z-1.log.gz");
        gzip(first, lines(0, 2000));
        gzip(dir.resolve("events-20240101T000001.000Z-2.log.gz"), lines(2000, 2010));
        Files.writeString(dir.resolve("events.log"), lines(2010, 2020));
        byte[] whole = Files.readAllBytes(first);
        Files.write(first, java.util.Arrays.copyOf(whole, whole.length / 2));

        List<Long> seqs = seqs(reader().readAll());

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(first);
            assertThat(p.reason()).contains("unreadable");
        });
        int fromFirst = seqs.size() - 20;
        assertThat(fromFirst).isBetween(0, 1999);
        assertThat(seqs).isEqualTo(concat(range(0, fromFirst), range(2000, 2020)));
    }

    @Test
    void read_whenLinesAreNotEntries_thenReportsEachWithItsLineNumber() throws Exception {
        Files.writeString(dir.resolve("events.log"), String.join("\n",
                line(0),
                "not json",
                "{\"ts\":1,\"kind\":\"received\"}",
                "",
                "{\"ts\":1700000000001,\"kind\":\"received\",\"type\":\"register\",\"seq\":1,\"later\":{\"x\":[1,2]}}",
                "x".repeat(EventLogReader.MAX_LINE_BYTES + 10),
                line(2)) + "\n");

        EventLogReader reader = reader();
        List<EventLogEntry> read = reader.readAll();

        assertThat(seqs(read)).containsExactly(0L, 1L, 2L);
        assertThat(problems).extracting(EventLogReader.Problem::line).containsExactly(2L, 3L, 6L);
        assertThat(problems.get(2).reason()).contains("longer than");
        assertThat(reader.problemCount()).isEqualTo(3);
    }

    @Test
    void ofFiles_whenGivenOutOfOrder_thenReadsInWritingOrder() throws Exception {
        // Same timestamp: seq decides, numerically (10 after 9).
        gzip(dir.resolve("events-20240101T000000.000Z-10.log.gz"), lines(10, 20));
        gzip(dir.resolve("events-20240101T000000.000Z-9.log.gz"), lines(0, 10));
        Files.writeString(dir.resolve("events-20240102T000000.000Z-3.log"), lines(20, 30)); // compression never finished
        Files.writeString(dir.resolve("events.log"), lines(30, 40));
        List<Path> files = listFiles();
        Collections.shuffle(files);

        assertThat(seqs(EventLogReader.ofFiles(files, problems::add).readAll())).isEqualTo(range(0, 40));
        assertThat(seqs(reader().readAll())).isEqualTo(range(0, 40));
        assertThat(problems).isEmpty();
    }

    @Test
    void read_whenRotatedFileAlsoCompressed_thenReadsItOnce() throws Exception {
        gzip(dir.resolve("events-20240101T000000.000Z-1.log.gz"), lines(0, 10));
        Files.writeString(dir.resolve("events-20240101T000000.000Z-1.log"), lines(0, 10));
        Files.writeString(dir.resolve("events.log"), lines(10, 12));
        Files.writeString(dir.resolve("events-20240101T000000.000Z-2.log.gz.tmp"), "half a gzip");
        Files.writeString(dir.resolve("notes.txt"), "not a log file");

        assertThat(seqs(reader().readAll())).isEqualTo(range(0, 12));
        assertThat(problems).isEmpty();
    }

    @Test
    void read_whenFileVanishes_thenReportsItInsteadOfThrowing() {
        Path gone = dir.resolve("events-20240101T000000.000Z-1.log.gz");

        assertThat(EventLogReader.ofFiles(List.of(gone), problems::add).readAll()).isEmpty();
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(gone);
            assertThat(p.line()).isZero();
        });
    }

    @Test
    void of_whenSingleFile_thenReadsJustThatFile() throws Exception {
        Path file = dir.resolve("events-20240101T000000.000Z-1.log.gz");
        gzip(file, lines(0, 5));
        Files.writeString(dir.resolve("events.log"), lines(5, 6));

        assertThat(seqs(EventLogReader.of(file, problems::add).readAll())).isEqualTo(range(0, 5));
    }

    private EventLogReader reader() {
        return EventLogReader.of(dir, problems::add);
    }

    private void writeWithEventLog(int from, int to) throws IOException {
        try (EventLog log = EventLog.open(EventLogOptions.create(dir))) {
            for (int i = from; i < to; i++) {
                log.append(entry(i));
            }
        }
    }

    private static EventLogEntry entry(long i) {
        return JournalEntries.received(1_700_000_000_000L + i,
                new LocalMessage.Register("356307042441013", i, 1_700_000_000_000L + i, i));
    }

    private static String line(long i) {
        return entry(i).toString();
    }

    private static String lines(long from, long to) {
        StringBuilder text = new StringBuilder();
        for (long i = from; i < to; i++) {
            text.append(line(i)).append('\n');
        }
        return text.toString();
    }

    private static void gzip(Path file, String text) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void appendBytes(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardOpenOption.APPEND);
    }

    private List<Path> listFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return new ArrayList<>(files.toList());
        }
    }

    private static List<Long> seqs(List<EventLogEntry> entries) {
        return entries.stream().map(e -> e.seq().orElseThrow()).toList();
    }

    private static List<Long> range(long from, long to) {
        return Stream.iterate(from, i -> i < to, i -> i + 1).toList();
    }

    private static List<Long> concat(List<Long> a, List<Long> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
