package com.fleetlink.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of a multi-stage Dockerfile that decide how an image behaves, per stage and with what a
 * stage inherits from the stage it is built {@code FROM}: environment, labels, exposed ports, user,
 * health check, entrypoint and command, plus the {@code COPY}, {@code RUN} and {@code ARG} lines. ENTRYPOINT, CMD
 * and the health check must be in exec (JSON) form: the shell form would be parsed differently.
 */
final class Dockerfile {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** {@code $NAME} or {@code ${NAME}} in an instruction's value. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)\\}?");

    /** One stage, with only what it declares itself. */
    static final class Stage {
        final String name;
        final String from;
        final Map<String, String> env = new LinkedHashMap<>();
        /** Labels as written: a {@code ${ARG}} reference is kept, not expanded. */
        final Map<String, String> labels = new LinkedHashMap<>();
        /** Build arguments and their defaults ("" when none); in scope only in this stage. */
        final Map<String, String> args = new LinkedHashMap<>();
        final Set<Integer> exposed = new LinkedHashSet<>();
        final List<String> copies = new ArrayList<>();
        final List<String> runs = new ArrayList<>();
        String user;
        List<String> healthcheck;
        Map<String, String> healthcheckOptions;
        List<String> entrypoint;
        List<String> cmd;

        Stage(String name, String from) {
            this.name = name;
            this.from = from;
        }
    }

    /** A stage's image as it ends up: its own settings over everything inherited. */
    record Image(Map<String, String> env, Map<String, String> labels, Set<Integer> exposed, String user, List<String> healthcheck,
                 Map<String, String> healthcheckOptions, List<String> entrypoint, List<String> cmd, List<String> copies) {
    }

    private final Map<String, Stage> stages = new LinkedHashMap<>();

    private Dockerfile() {
    }

    /** Parses a Dockerfile. */
    static Dockerfile read(Path file) {
        try {
            Dockerfile dockerfile = new Dockerfile();
            for (String instruction : instructions(Files.readAllLines(file))) {
                dockerfile.apply(instruction);
            }
            return dockerfile;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Joins continuation lines and drops comments and blank lines. */
    private static List<String> instructions(List<String> lines) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            out.add(current.append(trimmed).toString());
            current.setLength(0);
        }
        if (current.length() > 0) {
            throw new IllegalStateException("the Dockerfile ends inside a continued line");
        }
        return out;
    }

    private void apply(String instruction) {
        String[] parts = instruction.split("\\s+", 2);
        String keyword = parts[0].toUpperCase();
        String args = parts.length > 1 ? parts[1].strip() : "";
        if (keyword.equals("FROM")) {
            String[] words = args.split("\\s+");
            String name = words.length == 3 && words[1].equalsIgnoreCase("AS") ? words[2] : "stage-" + stages.size();
            stages.put(name, new Stage(name, words[0]));
            return;
        }
        if (stages.isEmpty()) {
            throw new IllegalStateException(keyword + " before the first FROM");
        }
        Stage stage = stages.values().stream().reduce((a, b) -> b).orElseThrow();
        switch (keyword) {
            case "ENV" -> envPairs(args, stage.env);
            case "EXPOSE" -> {
                for (String port : args.split("\\s+")) {
                    stage.exposed.add(Integer.parseInt(port.replaceFirst("/tcp$", "")));
                }
            }
            case "USER" -> stage.user = args;
            case "ENTRYPOINT" -> stage.entrypoint = execForm(keyword, args);
            case "CMD" -> stage.cmd = execForm(keyword, args);
            case "HEALTHCHECK" -> healthcheck(stage, args);
            case "COPY" -> stage.copies.add(args);
            case "RUN" -> stage.runs.add(args);
            case "ARG" -> {
                String[] arg = args.split("=", 2);
                stage.args.put(arg[0], arg.length > 1 ? arg[1] : "");
            }
            case "LABEL" -> labels(stage, args);
            case "WORKDIR" -> { }
            default -> throw new IllegalStateException("the deploy tests do not understand " + keyword + "; teach Dockerfile.java");
        }
    }

    /**
     * {@code LABEL k=v …}; a variable must be an {@code ARG} this stage declared before, since Docker
     * silently writes an empty value for any other (ARGs do not carry over into a stage built FROM another).
     */
    private static void labels(Stage stage, String args) {
        Map<String, String> labels = new LinkedHashMap<>();
        envPairs(args, labels);
        labels.forEach((key, value) -> {
            Matcher variable = VARIABLE.matcher(value);
            while (variable.find()) {
                if (!stage.args.containsKey(variable.group(1))) {
                    throw new IllegalStateException("LABEL " + key + " uses $" + variable.group(1) + ", which stage "
                            + stage.name + " declares no ARG for before it: the label would be empty");
                }
            }
        });
        stage.labels.putAll(labels);
    }

    private static void healthcheck(Stage stage, String args) {
        Map<String, String> options = new LinkedHashMap<>();
        String rest = args;
        while (rest.startsWith("--")) {
            String[] split = rest.split("\\s+", 2);
            String[] option = split[0].substring(2).split("=", 2);
            options.put(option[0], option.length > 1 ? option[1] : "");
            rest = split.length > 1 ? split[1] : "";
        }
        if (!rest.startsWith("CMD ")) {
            throw new IllegalStateException("HEALTHCHECK without CMD: " + args);
        }
        stage.healthcheckOptions = options;
        stage.healthcheck = execForm("HEALTHCHECK CMD", rest.substring(4).strip());
    }

    private static List<String> execForm(String keyword, String args) {
        if (!args.startsWith("[")) {
            throw new IllegalStateException(keyword + " must use the exec (JSON array) form: " + args);
        }
        return List.of(JSON.readValue(args, String[].class));
    }

    /** {@code ENV a=1 b="two words"}; the legacy {@code ENV a 1} form is refused. */
    private static void envPairs(String args, Map<String, String> env) {
        int i = 0;
        while (i < args.length()) {
            int eq = args.indexOf('=', i);
            if (eq < 0) {
                throw new IllegalStateException("ENV must be written key=value: " + args);
            }
            String key = args.substring(i, eq).strip();
            StringBuilder value = new StringBuilder();
            int j = eq + 1;
            boolean quoted = false;
            for (; j < args.length(); j++) {
                char c = args.charAt(j);
                if (c == '"') {
                    quoted = !quoted;
                } else if (Character.isWhitespace(c) && !quoted) {
                    break;
                } else {
                    value.append(c);
                }
            }
            env.put(key, value.toString());
            i = j;
            while (i < args.length() && Character.isWhitespace(args.charAt(i))) {
                i++;
            }
        }
    }

    /** The stage names, in order. */
    Set<String> stageNames() {
        return stages.keySet();
    }

    /** One stage as declared. */
    Stage stage(String name) {
        Stage stage = stages.get(name);
        if (stage == null) {
            throw new IllegalArgumentException("the Dockerfile has no stage " + name);
        }
        return stage;
    }

    /** What the image built with {@code --target name} carries, inherited settings included. */
    Image image(String name) {
        Stage stage = stage(name);
        Image base = stages.containsKey(stage.from)
                ? image(stage.from)
                : new Image(Map.of(), Map.of(), Set.of(), null, null, Map.of(), null, null, List.of());
        Map<String, String> env = new LinkedHashMap<>(base.env());
        env.putAll(stage.env);
        Map<String, String> labels = new LinkedHashMap<>(base.labels());
        labels.putAll(stage.labels);
        Set<Integer> exposed = new LinkedHashSet<>(base.exposed());
        exposed.addAll(stage.exposed);
        List<String> copies = new ArrayList<>(base.copies());
        copies.addAll(stage.copies);
        return new Image(env, labels, exposed,
                stage.user != null ? stage.user : base.user(),
                stage.healthcheck != null ? stage.healthcheck : base.healthcheck(),
                stage.healthcheck != null ? stage.healthcheckOptions : base.healthcheckOptions(),
                stage.entrypoint != null ? stage.entrypoint : base.entrypoint(),
                // Docker resets CMD when a stage sets a new ENTRYPOINT.
                stage.cmd != null ? stage.cmd : stage.entrypoint != null ? null : base.cmd(),
                copies);
    }
}
