package com.fleetlink.registry.command;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The sidecar's allow-list of commands ({@code --command-allow}): globs where {@code *} matches any
 * text, matched against the whole command text. No pattern allows everything. A command outside
 * the list ends {@code cancelled} with reason {@code policy} and is never written.
 */
public final class CommandPolicy {
    private final List<String> globs;
    private final List<Pattern> patterns;

    public CommandPolicy(List<String> globs) {
        this.globs = List.copyOf(globs);
        this.patterns = this.globs.stream().map(CommandPolicy::compile).toList();
    }

    private static Pattern compile(String glob) {
        if (glob.isEmpty()) {
            throw new IllegalArgumentException("a --command-allow pattern must not be empty");
        }
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /** Whether {@code command} may be written. */
    public boolean allows(StoredCommand command) {
        if (patterns.isEmpty()) {
            return true;
        }
        String text = command.payloadText();
        return patterns.stream().anyMatch(p -> p.matcher(text).matches());
    }

    /** The globs, as given. */
    public List<String> globs() {
        return globs;
    }
}
