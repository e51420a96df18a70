package com.fleetlink.protocol.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The logging configuration built in code: found by logback as a service, stderr only, the plain line
 * or JSON, {@code LOG_LEVEL}, Netty at WARN, and logback's XML configurator left to a test's own file.
 */
class StderrLogConfiguratorTest {
    /** An ISO timestamp with offset, the level padded to five, the thread, the logger abbreviated to 20. */
    private static final String PLAIN_LINE =
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO  \\[[^\\]]+\\] c\\.f\\.test\\.Sample - started on 5027\n";

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final List<LoggerContext> contexts = new ArrayList<>();
    private PrintStream realErr;
    private PrintStream realOut;

    @BeforeEach
    void captureConsole() {
        realErr = System.err;
        realOut = System.out;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreConsole() {
        contexts.forEach(LoggerContext::stop);
        System.setErr(realErr);
        System.setOut(realOut);
    }

    /** A context of its own, as logback's SLF4J provider makes one (it sets the MDC adapter). */
    private LoggerContext newContext() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        contexts.add(context);
        return context;
    }

    private LoggerContext configured(Map<String, String> settings) {
        LoggerContext context = newContext();
        StderrLogConfigurator configurator = new StderrLogConfigurator(settings::get, name -> false);
        configurator.setContext(context);
        assertThat(configurator.configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        return context;
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    @Test
    void autoConfig_whenNoXmlConfigurationOnTheClassPath_thenTheCodedOneConfiguresLogback() throws Exception {
        LoggerContext context = newContext();

        new ContextInitializer(context).autoConfig();

        Appender<ILoggingEvent> appender = context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().next();
        assertThat(appender).isInstanceOf(ConsoleAppender.class);
        assertThat(((ConsoleAppender<ILoggingEvent>) appender).getTarget()).isEqualTo("System.err");
        assertThat(context.getLogger(StderrLogConfigurator.NETTY).getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void configure_whenFormatUnset_thenPlainLinesOnStderrAndNothingOnStdout() {
        LoggerContext context = configured(Map.of());

        context.getLogger("com.fleetlink.test.Sample").info("started on {}", 5027);

        assertThat(err()).matches(PLAIN_LINE);
        assertThat(stdout.size()).isZero();
    }

    @Test
    void configure_whenFormatJson_thenOneJsonObjectPerLineOnStderr() throws Exception {
        LoggerContext context = configured(Map.of("LOG_FORMAT", "json"));

        context.getLogger("com.fleetlink.test.Sample").info("started on {}", 5027);

        assertThat(err()).endsWith("\n").hasLineCount(1);
        JsonNode line = new ObjectMapper().readTree(err());
        assertThat(line.path("message").asText()).isEqualTo("started on 5027");
        assertThat(line.path("logger").asText()).isEqualTo("com.fleetlink.test.Sample");
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(stdout.size()).isZero();
    }

    @Test
    void configure_whenLevelUnset_thenInfoAndUpAndNettyOnlyFromWarn() {
        LoggerContext context = configured(Map.of());

        context.getLogger("com.fleetlink.test.Sample").debug("not shown");
        context.getLogger("io.netty.channel.Sample").info("not shown either");
        context.getLogger("io.netty.channel.Sample").warn("netty warning");
        context.getLogger("com.fleetlink.test.Sample").info("shown");

        assertThat(err()).doesNotContain("not shown").contains("netty warning").contains("shown").hasLineCount(2);
    }

    @Test
    void configure_whenLevelDebug_thenDebugLinesShown() {
        LoggerContext context = configured(Map.of("LOG_LEVEL", "DEBUG"));

        context.getLogger("com.fleetlink.test.Sample").debug("now shown");

        assertThat(err()).contains("DEBUG").contains("now shown");
    }

    @Test
    void configure_whenFormatUnknown_thenNothingLogged() {
        LoggerContext context = configured(Map.of("LOG_FORMAT", "yaml"));

        context.getLogger("com.fleetlink.test.Sample").error("lost");

        assertThat(err()).isEmpty();
        assertThat(stdout.size()).isZero();
    }

    @Test
    void configure_whenTestXmlOnClassPathOrFileNamed_thenLeftToLogbacksXmlConfigurator() {
        LoggerContext context = newContext();
        StderrLogConfigurator withTestXml = new StderrLogConfigurator(name -> null,
                StderrLogConfigurator.TEST_CONFIGURATION::equals);
        StderrLogConfigurator withFileNamed = new StderrLogConfigurator(
                Map.of(StderrLogConfigurator.CONFIGURATION_FILE_PROPERTY, "custom.xml")::get, name -> false);

        assertThat(withTestXml.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(withFileNamed.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
    }
}
