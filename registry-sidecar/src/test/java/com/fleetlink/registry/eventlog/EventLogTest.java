package com.fleetlink.registry.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.registry.core.LifecycleEvent;
import com.fleetlink.registry.core.RedisOperation;
import com.fleetlink.registry.core.RedisOutcome;
import com.fleetlink.testkit.Poll;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The writer on real files: line format, the non-blocking hand-off, flushing, rotation and its bound. */
@Timeout(20)
class EventLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void append_whenEntriesWritten_thenEachLineIsJsonWithTheGivenFields() throws Exception {
        Path logDir = dir.resolve("nested/events");
        try (EventLog log = EventLog.open(EventLogOptions.create(logDir))) {
            log.append(JournalEntries.received(1000, new LocalMessage.Register("356307042441013", 17, 990, 42)));
            log.append(JournalEntries.redis(1001, RedisOperation.REPAIR, "356307042441014", RedisOutcome.CONFLICT, "ingest-b"));
            log.append(JournalEntries.lifecycle(1002, LifecycleEvent.GRACE_EXPIRED, "3 devices held"));
        }

        List<String> lines = Files.readAllLines(logDir.resolve("events.log"));
        assertThat(lines).hasSize(3);
        JsonNode register = JSON.readTree(lines.get(0));
        assertThat(register.fieldNames()).toIterable().containsExactly("ts", "kind", "type", "imei", "conn", "seq", "at");
        assertThat(register.get("ts").asLong()).isEqualTo(1000);
        assertThat(register.get("kind").asText()).isEqualTo("received");
        assertThat(register.get("type").asText()).isEqualTo("register");
        assertThat(register.get("imei").asText()).isEqualTo("356307042441013");
        assertThat(register.get("conn").asLong()).isEqualTo(17);
        assertThat(register.get("seq").asLong()).isEqualTo(42);
        assertThat(register.get("at").asLong()).isEqualTo(990);
        JsonNode conflict = JSON.readTree(lines.get(1));
        assertThat(conflict.fieldNames()).toIterable().containsExactly("ts", "kind", "type", "imei", "outcome", "detail");
        assertThat(conflict.get("detail").asText()).isEqualTo("ingest-b");
        JsonNode graceExpired = JSON.readTree(lines.get(2));
        assertThat(graceExpired.fieldNames()).toIterable().containsExactly("ts", "kind", "type", "detail");
        assertThat(graceExpired.get("detail").asText()).isEqualTo("3 devices held");
    }

    @Test
    void append_whenWriterStalledAndQueueFull_thenReturnsAtOnceAndCountsDrops() throws Exception {
        CountDownLatch writerMayRun = new CountDownLatch(1);
        EventLogOptions options = EventLogOptions.builder().directory(dir).queueCapacity(100)
                .writerThreadFactory(stalledUntil(writerMayRun)).build();
        EventLog log = EventLog.open(options);
        try {
            long start = System.nanoTime();
            int accepted = 0;
            for (int i = 0; i < 10_100; i++) {
                if (log.append(entry(i))) {
                    accepted++;
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            // A blocking append would never get here while the writer is held.
            assertThat(took).isLessThan(Duration.ofSeconds(2));
            assertThat(accepted).isEqualTo(100);
            assertThat(log.droppedCount()).isEqualTo(10_000);
            assertThat(log.writtenCount()).isZero();

            writerMayRun.countDown();
            Poll.until(DEADLINE, "the queued entries written", () -> log.writtenCount() == 100);
            assertThat(log.append(entry(20_000))).isTrue();
        } finally {
            writerMayRun.countDown(); // close waits for the writer
            log.close();
        }
        assertThat(seqs(EventLogReader.of(dir).readAll())).isEqualTo(plus(range(0, 100), 20_000));
    }

    @Test
    void append_whenManyThreadsOutrunTheWriter_thenEveryEntryIsWrittenOrCounted() throws Exception {
        int threads = 4;
        int perThread = 20_000;
        EventLogOptions options = EventLogOptions.builder().directory(dir).queueCapacity(256).build();
        EventLog log = EventLog.open(options);
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            producers.add(new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    log.append(entry(base + i));
                }
            }));
        }
        producers.forEach(Thread::start);
        for (Thread p : producers) {
            p.join();
        }
        log.close();

        assertThat(log.writtenCount() + log.droppedCount()).isEqualTo((long) threads * perThread);
        List<EventLogEntry> read = EventLogReader.of(dir).readAll();
        assertThat(read).hasSize((int) log.writtenCount());
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            // One producer's entries keep their order through the queue.
            assertThat(seqs(read).stream().filter(s -> s >= base && s < base + perThread).toList()).isSorted();
        }
    }

    @Test
    void writer_whenIdle_thenFlushesWithinASecondWithoutClose() throws Exception {
        try (EventLog log = EventLog.open(EventLogOptions.create(dir))) {
            for (int i = 0; i < 3; i++) {
                log.append(entry(i));
            }

            Poll.until(Duration.ofMillis(1500), "3 lines in events.log", () -> lineCount(log.path()) == 3);
            assertThat(log.writtenCount()).isEqualTo(3);
            assertThat(log.path()).isEqualTo(dir.resolve("events.log"));
            assertThat(log.totalBytes()).isEqualTo(Files.size(log.path()));
        }
    }

    @Test
    void close_whenEntriesQueued_thenWritesThemAllBeforeReturning() throws Exception {
        CountDownLatch writerMayRun = new CountDownLatch(1);
        EventLog log = EventLog.open(EventLogOptions.builder().directory(dir).writerThreadFactory(stalledUntil(writerMayRun))
                .build());
        int accepted = 0;
        for (int i = 0; i < 500; i++) {
            accepted += log.append(entry(i)) ? 1 : 0;
        }

        writerMayRun.countDown();
        log.close();

        assertThat(accepted).isEqualTo(500);

        assertThat(log.writtenCount()).isEqualTo(500);
        assertThat(lineCount(log.path())).isEqualTo(500);
        assertThat(log.append(entry(500))).isFalse();
        assertThat(log.droppedCount()).isEqualTo(1);
        log.close(); // idempotent
    }

    @Test
    void rotation_whenFileReachesLimit_thenGzipsItAndKeepsTheTotalBounded() throws Exception {
        int count = 2_000;
        EventLogOptions options = EventLogOptions.builder().directory(dir).maxFileBytes(4096).maxTotalBytes(16384).build();
        EventLog log = EventLog.open(options);
        for (int i = 0; i < count; i++) {
            log.append(entry(i));
        }
        log.close();

        assertThat(log.droppedCount()).isZero();
        List<Path> rotated = rotatedFiles();
        assertThat(rotated).hasSizeGreaterThan(2);
        assertThat(listNames()).allMatch(name -> name.equals("events.log")
                || name.matches("events-\\d{8}T\\d{6}\\.\\d{3}Z-\\d+\\.log\\.gz"));
        int longestLine = entry(count).toString().length() + 1;
        for (Path file : rotated) {
            byte[] content = gunzip(file);
            assertThat(content.length).as(file.getFileName().toString()).isLessThanOrEqualTo(4096)
                    .isGreaterThan(4096 - longestLine);
            assertThat(content[content.length - 1]).isEqualTo((byte) '\n');
        }
        assertThat(Files.size(log.path())).isLessThanOrEqualTo(4096);
        long onDisk = Files.size(log.path());
        for (Path file : rotated) {
            onDisk += Files.size(file);
        }
        assertThat(onDisk).isLessThanOrEqualTo(16384).isEqualTo(log.totalBytes());
        // The oldest files went; what is left is the newest entries, unbroken and in order.
        List<Long> seqs = seqs(EventLogReader.of(dir).readAll());
        assertThat(seqs.get(0)).isPositive();
        assertThat(seqs).isEqualTo(range(seqs.get(0), count));
    }

    @Test
    void reader_whenRotatedAndCurrentFiles_thenReadsEverythingInOrder() throws Exception {
        EventLogOptions options = EventLogOptions.builder().directory(dir).maxFileBytes(4096).maxTotalBytes(1 << 20).build();
        try (EventLog log = EventLog.open(options)) {
            for (int i = 0; i < 500; i++) {
                log.append(entry(i));
            }
        }

        assertThat(rotatedFiles()).hasSizeGreaterThanOrEqualTo(3);
        List<EventLogReader.Problem> problems = new ArrayList<>();
        EventLogReader reader = EventLogReader.of(dir, problems::add);
        assertThat(reader.files()).last().isEqualTo(dir.resolve("events.log"));
        assertThat(seqs(reader.readAll())).isEqualTo(range(0, 500));
        assertThat(problems).isEmpty();
    }

    @Test
    void open_whenLogExists_thenContinuesItAndItsNumbering() throws Exception {
        EventLogOptions options = EventLogOptions.builder().directory(dir).maxFileBytes(4096).maxTotalBytes(1 << 20).build();
        try (EventLog log = EventLog.open(options)) {
            for (int i = 0; i < 100; i++) {
                log.append(entry(i));
            }
        }
        List<Path> before = rotatedFiles();
        try (EventLog log = EventLog.open(options)) {
            for (int i = 100; i < 200; i++) {
                log.append(entry(i));
            }
        }

        assertThat(rotatedFiles()).containsAll(before).hasSizeGreaterThan(before.size());
        assertThat(seqs(EventLogReader.of(dir).readAll())).isEqualTo(range(0, 200));
    }

    @Test
    void open_whenACrashInterruptedCompression_thenFinishesIt() throws Exception {
        Path raw = dir.resolve("events-20240101T000000.000Z-7.log");
        Files.writeString(raw, entry(0) + "\n" + entry(1) + "\n");
        Path halfDone = dir.resolve("events-20240101T000000.000Z-7.log.gz.tmp");
        Files.write(halfDone, new byte[] {0x1f, (byte) 0x8b, 8});

        try (EventLog log = EventLog.open(EventLogOptions.create(dir))) {
            log.append(entry(2));
        }

        assertThat(listNames()).containsExactlyInAnyOrder("events-20240101T000000.000Z-7.log.gz", "events.log");
        assertThat(seqs(EventLogReader.of(dir).readAll())).isEqualTo(range(0, 3));
    }

    private static EventLogEntry entry(long i) {
        return JournalEntries.received(1_700_000_000_000L + i,
                new LocalMessage.Register("356307042441013", i, 1_700_000_000_000L + i, i));
    }

    private static ThreadFactory stalledUntil(CountDownLatch go) {
        return task -> new Thread(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            task.run();
        }, "stalled-event-log-writer");
    }

    private static List<Long> seqs(List<EventLogEntry> entries) {
        return entries.stream().map(e -> e.seq().orElseThrow()).toList();
    }

    private static List<Long> range(long from, long to) {
        return Stream.iterate(from, i -> i < to, i -> i + 1).toList();
    }

    private static List<Long> plus(List<Long> values, long value) {
        List<Long> more = new ArrayList<>(values);
        more.add(value);
        return more;
    }

    private List<Path> rotatedFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".gz")).sorted().toList();
        }
    }

    private List<String> listNames() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static long lineCount(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8).chars()
                    .filter(c -> c == '\n').count() : 0;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }
}
