package com.fleetlink.protocol.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The JSON line format: the formatted message and the line's fields, each a field of its own. */
class JsonLogEncoderTest {
    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonLogEncoder encoder = new JsonLogEncoder();
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private Logger logger;

    @BeforeEach
    void setUp() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        logger = context.getLogger("json-test-" + System.nanoTime());
        logger.setAdditive(false);
        lines.setContext(context);
        lines.start();
        logger.addAppender(lines);
        encoder.setContext(context);
        encoder.start();
    }

    private JsonNode encoded(int i) throws Exception {
        String line = new String(encoder.encode(lines.list.get(i)), StandardCharsets.UTF_8);
        assertThat(line).endsWith("\n").doesNotContain("\n\n");
        return mapper.readTree(line);
    }

    @Test
    void encode_whenMessageHasArguments_thenMessageIsFormattedNotTheTemplate() throws Exception {
        logger.info("listening on {}:{}", "127.0.0.1", 5027);

        JsonNode json = encoded(0);
        assertThat(json.path("message").asText()).isEqualTo("listening on 127.0.0.1:5027");
        assertThat(json.path("level").asText()).isEqualTo("INFO");
        assertThat(json.path("logger").asText()).isEqualTo(logger.getName());
        assertThat(json.has("timestamp")).isTrue();
    }

    @Test
    void encode_whenLineCarriesFields_thenEachIsATopLevelField() throws Exception {
        new LogFields("356307042441013", null, "bad_crc").remote("10.0.0.7:40000")
                .addTo(logger.atWarn()).log("closing {}", "10.0.0.7:40000");

        JsonNode json = encoded(0);
        assertThat(json.path("imei").asText()).isEqualTo("356307042441013");
        assertThat(json.path("remote").asText()).isEqualTo("10.0.0.7:40000");
        assertThat(json.path("reason").asText()).isEqualTo("bad_crc");
        assertThat(json.path("message").asText()).isEqualTo("closing 10.0.0.7:40000");
    }

    @Test
    void encode_whenRateLimitedWarn_thenItsReasonIsAField() throws Exception {
        new RateLimitedLog(logger).warn("too_long", "rejected line ({})", "too_long");

        assertThat(encoded(0).path("reason").asText()).isEqualTo("too_long");
    }

    @Test
    void encode_whenExceptionLogged_thenStackTraceStaysInsideTheOneLine() throws Exception {
        logger.error("failed: {}", "x", new IllegalStateException("boom"));

        JsonNode json = encoded(0);
        assertThat(json.path("message").asText()).isEqualTo("failed: x");
        assertThat(json.path("exception").asText()).contains("IllegalStateException: boom");
    }
}
