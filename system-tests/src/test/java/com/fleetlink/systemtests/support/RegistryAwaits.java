package com.fleetlink.systemtests.support;

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Waits on what {@link RegistryView} reads: a field reaching a value, the hash reaching a size, a
 * field keeping its value. Failures carry the processes' logs.
 */
public final class RegistryAwaits {
    /** With the fast settings every repair path (reconcile 1 s, Redis reconnect ≤ 2 s) fits many times over. */
    public static final Duration CONVERGE = Duration.ofSeconds(15);

    private final RegistryView registry;
    private final Supplier<String> logs;

    public RegistryAwaits(RegistryView registry, Supplier<String> logs) {
        this.registry = registry;
        this.logs = logs;
    }

    /** Until {@code HGET} of {@code imei} is {@code expected} ({@code null}: the field is gone). */
    public void owner(String imei, String expected) {
        Waits.until(CONVERGE, "HGET " + RegistryView.HASH + " " + imei + " == " + expected,
                () -> Objects.equals(registry.owner(imei), expected), () -> describe() + logs.get());
    }

    /** Until every one of {@code imeis} names {@code expected}. */
    public void owners(Collection<String> imeis, String expected) {
        Waits.until(CONVERGE, imeis.size() + " fields == " + expected,
                () -> imeis.stream().allMatch(i -> Objects.equals(registry.owner(i), expected)),
                () -> describe() + logs.get());
    }

    /** Until {@code HLEN} is {@code size}. */
    public void size(long size) {
        Waits.until(CONVERGE, "HLEN " + RegistryView.HASH + " == " + size, () -> registry.size() == size,
                () -> describe() + logs.get());
    }

    /** That {@code imei} names {@code expected} at every poll for the whole window. */
    public void stays(String imei, String expected, Duration window) {
        Waits.holdsFor(window, "HGET " + RegistryView.HASH + " " + imei + " == " + expected,
                () -> Objects.equals(registry.owner(imei), expected), () -> describe() + logs.get());
    }

    private String describe() {
        try {
            java.util.Map<String, String> entries = registry.entries();
            return "registry now (" + entries.size() + " fields): "
                    + entries.entrySet().stream().limit(20).map(Object::toString)
                    .collect(java.util.stream.Collectors.joining(", ", "{", entries.size() > 20 ? ", …}" : "}")) + "\n";
        } catch (RuntimeException e) {
            return "registry unreadable: " + e + "\n";
        }
    }
}
