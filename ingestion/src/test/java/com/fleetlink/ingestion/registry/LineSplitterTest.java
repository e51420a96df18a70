package com.fleetlink.ingestion.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
    private final List<String> lines = new ArrayList<>();
    private final List<Long> tooLong = new ArrayList<>();
    private final LineSplitter.Lines sink = new LineSplitter.Lines() {
        @Override
        public void line(byte[] buf, int offset, int length) {
            lines.add(new String(buf, offset, length, StandardCharsets.UTF_8));
        }

        @Override
        public void tooLong(long length) {
            tooLong.add(length);
        }
    };

    private void feed(LineSplitter splitter, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        splitter.feed(bytes, 0, bytes.length, sink);
    }

    @Test
    void feed_whenLinesArriveSplitAndTogether_thenEachComesOutWhole() {
        LineSplitter splitter = new LineSplitter(64);

        feed(splitter, "{\"type\":\"pi");
        feed(splitter, "ng\",\"n\":1}\n{\"type\":\"resync\"}\n{\"ty");
        feed(splitter, "pe\":\"ping\",\"n\":2}\n");

        assertThat(lines).containsExactly("{\"type\":\"ping\",\"n\":1}", "{\"type\":\"resync\"}", "{\"type\":\"ping\",\"n\":2}");
        assertThat(tooLong).isEmpty();
    }

    @Test
    void feed_whenALineExceedsTheLimit_thenItIsReportedOnceAndTheNextLineSurvives() {
        LineSplitter splitter = new LineSplitter(8);

        feed(splitter, "12345678\n");
        feed(splitter, "123456789");
        feed(splitter, "0123\nok\n");

        assertThat(lines).containsExactly("12345678", "ok");
        assertThat(tooLong).containsExactly(13L);
    }
}
