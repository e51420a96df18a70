package com.fleetlink.bench.registry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name value} (or {@code --name=value}) flags of one benchmark main, and the switches
 * {@code --no-name} that take no value. Every flag a main
 * reads must be declared with its default; an undeclared flag or a bad value is a usage error
 * (exit 2), so a typo never silently runs the defaults.
 */
public final class BenchFlags {
    /** The names that take no value: {@code --no-commands}. */
    private static final String SWITCH_PREFIX = "no-";

    private final String program;
    private final String mainClass;
    private final Map<String, String> given;
    private final Map<String, String> declared = new LinkedHashMap<>();

    private BenchFlags(String program, String mainClass, Map<String, String> given) {
        this.program = program;
        this.mainClass = mainClass;
        this.given = given;
    }

    /**
     * Reads {@code args}; {@code --help} prints the declared flags once they are all read (see
     * {@link #done()}), with {@code mainClass} in the usage line.
     */
    public static BenchFlags parse(String program, String mainClass, String[] args) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw usage(program, "unexpected argument " + arg);
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (name.equals("help") || name.startsWith(SWITCH_PREFIX)) {
                value = "true";
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw usage(program, "flag --" + name + " needs a value");
            }
            given.put(name, value);
        }
        return new BenchFlags(program, mainClass, given);
    }

    public int integer(String name, int defaultValue, String help) {
        String text = text(name, Integer.toString(defaultValue), help);
        try {
            return Integer.parseInt(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw usage(program, "--" + name + " must be an integer, not " + text);
        }
    }

    public Duration duration(String name, String defaultValue, String help) {
        String text = text(name, defaultValue, help);
        try {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1000));
            }
            if (text.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            }
        } catch (NumberFormatException e) {
            // falls through to the usage error
        }
        throw usage(program, "--" + name + " must be a duration like 500ms, 10s or 2m, not " + text);
    }

    /** Whether the switch {@code --no-<name>} was given (it takes no value). */
    public boolean off(String name, String help) {
        return Boolean.parseBoolean(text(SWITCH_PREFIX + name, "false", help));
    }

    public Path path(String name, String defaultValue, String help) {
        return Path.of(text(name, defaultValue, help));
    }

    public String text(String name, String defaultValue, String help) {
        declared.put(name, help + " (default " + defaultValue + ")");
        return given.getOrDefault(name, defaultValue);
    }

    /** Call after reading every flag: rejects unknown flags, answers {@code --help}. */
    public void done() {
        if (given.containsKey("help")) {
            System.out.println("usage: java -cp bench/target/benchmarks.jar " + mainClass + " [flags]");
            declared.forEach((name, help) -> System.out.println("  --" + name + "  " + help));
            System.exit(0);
        }
        Set<String> unknown = new java.util.TreeSet<>(given.keySet());
        unknown.removeAll(declared.keySet());
        if (!unknown.isEmpty()) {
            throw usage(program, "unknown flag(s) " + unknown + "; --help lists them");
        }
    }

    private static UsageException usage(String program, String message) {
        return new UsageException(program + ": " + message);
    }

    /** A bad command line; the mains exit 2 on it. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
