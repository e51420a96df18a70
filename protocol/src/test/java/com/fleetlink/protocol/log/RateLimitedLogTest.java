package com.fleetlink.protocol.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedLogTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private RateLimitedLog log;

    @BeforeEach
    void setUp() {
        Logger logger = (Logger) LoggerFactory.getLogger("rate-limited-test-" + System.nanoTime());
        logger.setLevel(ch.qos.logback.classic.Level.WARN);
        lines.start();
        logger.addAppender(lines);
        log = new RateLimitedLog(logger, Duration.ofSeconds(10), now::get);
    }

    @Test
    void writesOneLinePerReasonPerInterval() {
        for (int i = 0; i < 1000; i++) {
            log.warn("bad_crc", "bad crc from {}", i);
        }
        assertThat(messages()).containsExactly("bad crc from 0");
    }

    @Test
    void nextIntervalLineCarriesTheSwallowedCount() {
        log.warn("bad_crc", "bad crc from {}", "a");
        log.warn("bad_crc", "bad crc from {}", "b");
        log.warn("bad_crc", "bad crc from {}", "c");
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        log.warn("bad_crc", "bad crc from {}", "d");
        assertThat(messages()).containsExactly("bad crc from a", "bad crc from d (2 more of reason bad_crc not logged)");
    }

    @Test
    void reasonsAreLimitedApart() {
        log.warn("bad_crc", "one");
        log.warn("too_long", "two");
        log.warn("bad_crc", "three");
        assertThat(messages()).containsExactly("one", "two");
    }

    private List<String> messages() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
