package com.fleetlink.protocol.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Reads durations the way operators write them: {@code 500ms}, {@code 2s}, {@code 1m},
 * {@code 1h}. A bare number is refused: a unit is always required so that {@code 30} can never be
 * mistaken for milliseconds.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /**
     * Parses one duration.
     *
     * @throws CommandLine.TypeConversionException naming the expected syntax when {@code value} does not match it
     */
    public static Duration parse(String value) {
        Matcher m = SYNTAX.matcher(value.trim());
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration (write it like 500ms, 2s, 1m or 1h)");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }
}
