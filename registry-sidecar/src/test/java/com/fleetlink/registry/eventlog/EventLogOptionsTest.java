package com.fleetlink.registry.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Defaults and validation of the event log's settings. */
class EventLogOptionsTest {
    private static final Path DIR = Path.of("events");

    @Test
    void create_whenOnlyDirectory_thenDefaults() {
        EventLogOptions o = EventLogOptions.create(DIR);

        assertThat(o.directory()).isEqualTo(DIR);
        assertThat(o.maxFileBytes()).isEqualTo(16L * 1024 * 1024).isEqualTo(EventLogOptions.DEFAULT_MAX_FILE_BYTES);
        assertThat(o.maxTotalBytes()).isEqualTo(256L * 1024 * 1024).isEqualTo(EventLogOptions.DEFAULT_MAX_TOTAL_BYTES);
        assertThat(o.queueCapacity()).isEqualTo(65_536).isEqualTo(EventLogOptions.DEFAULT_QUEUE_CAPACITY);
        assertThat(o.flushInterval()).isEqualTo(Duration.ofSeconds(1)).isEqualTo(EventLogOptions.DEFAULT_FLUSH_INTERVAL);
        assertThat(o.writerThreadFactory().newThread(() -> { }).isDaemon()).isTrue();
    }

    @Test
    void mutate_whenChangingOneSetting_thenKeepsTheOthers() {
        EventLogOptions o = EventLogOptions.builder().directory(DIR).maxFileBytes(4096).maxTotalBytes(16384)
                .queueCapacity(10).flushInterval(Duration.ofMillis(50)).build();

        EventLogOptions changed = o.mutate().queueCapacity(11).build();

        assertThat(changed.queueCapacity()).isEqualTo(11);
        assertThat(changed.maxFileBytes()).isEqualTo(4096);
        assertThat(changed.maxTotalBytes()).isEqualTo(16384);
        assertThat(changed.flushInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(o.queueCapacity()).isEqualTo(10);
    }

    @Test
    void builder_whenBadValue_thenNamesTheSetting() {
        assertRejected(() -> EventLogOptions.builder().build(), "directory");
        assertRejected(() -> EventLogOptions.builder().directory(null), "directory");
        assertRejected(() -> EventLogOptions.builder().maxFileBytes(1023), "maxFileBytes");
        assertRejected(() -> EventLogOptions.builder().maxTotalBytes(0), "maxTotalBytes");
        assertRejected(() -> EventLogOptions.builder().directory(DIR).maxFileBytes(8192).maxTotalBytes(4096).build(),
                "maxTotalBytes");
        assertRejected(() -> EventLogOptions.builder().queueCapacity(0), "queueCapacity");
        assertRejected(() -> EventLogOptions.builder().queueCapacity(EventLogOptions.MAX_QUEUE_CAPACITY + 1), "queueCapacity");
        assertRejected(() -> EventLogOptions.builder().flushInterval(Duration.ZERO), "flushInterval");
        assertRejected(() -> EventLogOptions.builder().flushInterval(null), "flushInterval");
        assertRejected(() -> EventLogOptions.builder().writerThreadFactory(null), "writerThreadFactory");
    }

    @Test
    void builder_whenTotalEqualsFileSize_thenAccepts() {
        assertThat(EventLogOptions.builder().directory(DIR).maxFileBytes(4096).maxTotalBytes(4096).build().maxTotalBytes())
                .isEqualTo(4096);
    }

    private static void assertRejected(Runnable build, String setting) {
        assertThatThrownBy(build::run).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(setting);
    }
}
