package com.fleetlink.registry.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.protocol.local.LocalMessage.HeldDevice;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-built event-log lines against Jackson's generator: the same bytes, or none at all. */
class PlainLineTest {
    private static final String IMEI = "356307042441013";

    private static byte[] generator(EventLogEntry entry) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EventLogJson.writeWithGenerator(entry, out);
        return out.toByteArray();
    }

    private static byte[] written(EventLogEntry entry) throws Exception {
        LineBytes line = new LineBytes();
        EventLogJson.write(entry, line);
        return Arrays.copyOf(line.bytes(), line.size());
    }

    @Test
    void write_whenEveryStringIsPlain_thenWritesJacksonsBytesByHand() throws Exception {
        List<EventLogEntry> entries = List.of(
                EventLogEntry.builder(1_718_022_000_123L, "received", "register").imei(IMEI).conn(17).seq(42)
                        .at(1_718_022_000_120L).build(),
                EventLogEntry.builder(0, "redis", "repair").imei(IMEI).outcome("conflict").detail("ingest-b").build(),
                EventLogEntry.builder(-1, "lifecycle", "start").instance("ingest-a").build(),
                EventLogEntry.builder(Long.MAX_VALUE, "k", "t").conn(Long.MIN_VALUE).seq(-9).at(-1).count(0)
                        .reason("idle").snap("s 1/~!#$%&'()*+,-./:;<=>?@[]^_`{|}").build(),
                EventLogEntry.builder(5, "received", "snapshot").snap("s1").count(2).detail("last")
                        .devices(List.of(new HeldDevice(IMEI, 1), new HeldDevice("356307042441014", Long.MIN_VALUE))).build(),
                EventLogEntry.builder(5, "received", "snapshot").snap("s1").devices(List.of()).build(),
                EventLogEntry.builder(7, "", "").imei("").build());

        for (EventLogEntry entry : entries) {
            LineBytes line = new LineBytes();

            assertThat(PlainLine.write(entry, line)).as(entry.toString()).isTrue();
            assertThat(new String(line.bytes(), 0, line.size(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(generator(entry), StandardCharsets.UTF_8));
        }
    }

    @Test
    void write_whenAStringNeedsEscapingOrIsNotAscii_thenLeavesTheLineToJackson() throws Exception {
        List<EventLogEntry> entries = List.of(
                EventLogEntry.builder(1, "redis", "register").imei(IMEI).detail("say \"no\"").build(),
                EventLogEntry.builder(1, "redis", "register").imei("a\\b").build(),
                EventLogEntry.builder(1, "redis", "register").detail("line\nbreak\ttab\u0001\u007f").build(),
                EventLogEntry.builder(1, "lifecycle", "start").instance("ünïcode ✓ 😀").build(),
                EventLogEntry.builder(1, "received", "snapshot").snap("s")
                        .devices(List.of(new HeldDevice(IMEI, 1), new HeldDevice("bad\"imei", 2))).build());

        for (EventLogEntry entry : entries) {
            LineBytes line = new LineBytes();
            line.write('x');

            assertThat(PlainLine.write(entry, line)).as(entry.toString()).isFalse();
            assertThat(line.size()).isEqualTo(1);
            assertThat(written(entry)).isEqualTo(generator(entry));
        }
    }

    @Test
    void write_whenTheLineOutgrowsTheBuffer_thenItGrows() throws Exception {
        EventLogEntry big = EventLogEntry.builder(1, "lifecycle", "error").detail("d".repeat(5_000)).build();

        assertThat(written(big)).isEqualTo(generator(big));
    }
}
