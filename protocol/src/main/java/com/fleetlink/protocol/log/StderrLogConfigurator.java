package com.fleetlink.protocol.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;

/**
 * The logging of both daemons and the command-line commands, built in code: logback finds it as a
 * service before its own XML configurator, so the sidecar does not load Joran and the JDK's XML parser
 * (~440 classes, ~2.5 MiB of metaspace, class space and symbols) to read a file that never changes.
 *
 * <p>Logs go to stderr so that stdout carries only command output (telemetry with {@code -}, decode,
 * simulate). {@code LOG_FORMAT} ({@code plain}, the default, or {@code json}, which
 * {@code --log-format} sets as a system property) picks {@link #PLAIN_PATTERN} or {@link JsonLogEncoder};
 * any other name gets no appender, so nothing is logged (as with the XML configuration this replaces).
 * {@code LOG_LEVEL} (default INFO) sets the root level, read as logback reads a level attribute;
 * {@code io.netty} logs at WARN. Each setting is a system property first, then an environment variable.
 *
 * <p>A {@code logback.configurationFile} system property or a {@code logback-test.xml} on the class path
 * (the tests of some modules have one) is left to logback's XML configurator.
 */
public final class StderrLogConfigurator extends ContextAwareBase implements Configurator {
    /** The plain line: ISO timestamp with offset, level, thread, abbreviated logger, message. */
    static final String PLAIN_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{20} - %msg%n";
    /** What makes this configurator step aside for logback's XML configurator. */
    static final String CONFIGURATION_FILE_PROPERTY = "logback.configurationFile";
    static final String TEST_CONFIGURATION = "logback-test.xml";
    /** Netty's own debug and info lines are about its internals, noise in a daemon's log. */
    static final String NETTY = "io.netty";

    private final Function<String, String> settings;
    private final Predicate<String> onClassPath;

    /** As logback's service loader makes it: settings from system properties, then the environment. */
    public StderrLogConfigurator() {
        this(StderrLogConfigurator::propertyOrEnvironment,
                name -> StderrLogConfigurator.class.getClassLoader().getResource(name) != null);
    }

    StderrLogConfigurator(Function<String, String> settings, Predicate<String> onClassPath) {
        this.settings = settings;
        this.onClassPath = onClassPath;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (settings.apply(CONFIGURATION_FILE_PROPERTY) != null || onClassPath.test(TEST_CONFIGURATION)) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        // Keeps logback's own status messages off stderr, as the XML configuration's listener did.
        context.getStatusManager().add(new NopStatusListener());
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(setting("LOG_LEVEL", "INFO")));
        String format = setting("LOG_FORMAT", "plain");
        Encoder<ILoggingEvent> encoder = encoder(context, format);
        if (encoder != null) {
            root.addAppender(stderr(context, format, encoder));
        }
        context.getLogger(NETTY).setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private String setting(String name, String otherwise) {
        String value = settings.apply(name);
        return value != null ? value : otherwise;
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, String format) {
        Encoder<ILoggingEvent> encoder;
        switch (format) {
            case "plain" -> {
                PatternLayoutEncoder pattern = new PatternLayoutEncoder();
                pattern.setPattern(PLAIN_PATTERN);
                encoder = pattern;
            }
            case "json" -> encoder = new JsonLogEncoder();
            default -> {
                return null;
            }
        }
        encoder.setContext(context);
        encoder.start();
        return encoder;
    }

    private static ConsoleAppender<ILoggingEvent> stderr(LoggerContext context, String format, Encoder<ILoggingEvent> encoder) {
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(format);
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }

    private static String propertyOrEnvironment(String name) {
        String property = System.getProperty(name);
        return property != null ? property : System.getenv(name);
    }
}
