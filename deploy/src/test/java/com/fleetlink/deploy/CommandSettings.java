package com.fleetlink.deploy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What one picocli command reads, taken from its own annotations: its flags, and for each
 * environment variable its fallback default. A renamed flag or variable changes what this reports,
 * so the manifests that use the old name fail their tests.
 */
final class CommandSettings {
    /** {@code ${env:NAME}} or {@code ${env:NAME:-fallback}}, the form every option's default takes (design §7). */
    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?}");

    private final String name;
    private final Set<String> flags = new HashSet<>();
    private final Map<String, Optional<String>> envDefaults = new HashMap<>();
    private final Map<String, String> flagDefaults = new HashMap<>();

    private CommandSettings(CommandSpec spec) {
        this.name = spec.qualifiedName();
        for (OptionSpec option : spec.options()) {
            flags.addAll(Set.of(option.names()));
            String declared = option.defaultValue();
            flagDefaults.put(option.longestName(), declared);
            Matcher m = declared == null ? null : ENV_DEFAULT.matcher(declared);
            if (m != null && m.matches()) {
                envDefaults.put(m.group(1), Optional.ofNullable(m.group(2)));
            }
        }
    }

    /** The settings of a command spec, with its defaults as declared (variables not resolved). */
    static CommandSettings of(CommandSpec spec) {
        spec.interpolateVariables(false);
        return new CommandSettings(spec);
    }

    /** The command's qualified name, for messages. */
    String name() {
        return name;
    }

    /** Whether some option falls back to this environment variable. */
    boolean readsEnv(String variable) {
        return envDefaults.containsKey(variable);
    }

    /** The names of every environment variable the command reads. */
    Set<String> envNames() {
        return envDefaults.keySet();
    }

    /** Whether the command has this flag. */
    boolean hasFlag(String flag) {
        return flags.contains(flag);
    }

    /** The default a flag declares, as written (an {@code ${env:…}} form included); {@code null} when it has none. */
    String flagDefault(String flag) {
        if (!flagDefaults.containsKey(flag)) {
            throw new IllegalArgumentException(name + " has no flag " + flag);
        }
        return flagDefaults.get(flag);
    }

    /**
     * The default the command uses when the variable is not set; empty when it has none.
     *
     * @throws IllegalArgumentException when no option reads the variable
     */
    Optional<String> envDefault(String variable) {
        Optional<String> fallback = envDefaults.get(variable);
        if (fallback == null) {
            throw new IllegalArgumentException(name + " reads no environment variable " + variable);
        }
        return fallback;
    }
}
