package com.fleetlink.registry.replay;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/** Reads {@code --until}: an ISO-8601 instant ({@code 2026-11-27T09:30:00Z}) or ms since the epoch, like the log's {@code ts}. */
final class TimeConverter implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
        String v = value.trim();
        if (v.matches("\\d{1,15}")) {
            return Instant.ofEpochMilli(Long.parseLong(v));
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a time (write 2026-11-27T09:30:00Z or ms since the epoch)");
        }
    }
}
