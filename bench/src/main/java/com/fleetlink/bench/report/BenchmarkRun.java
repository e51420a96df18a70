package com.fleetlink.bench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What one benchmark left in the results directory: {@code ID.cmd} (the command as run), {@code ID.exit}
 * (its exit code), {@code ID.out} and {@code ID.err}, and optionally {@code ID.json} (a result file, as
 * JMH writes one). The result is {@code ID.json} when present, else the last stdout line that is a
 * JSON object. {@code failure} is null when the run produced a result and no error.
 */
record BenchmarkRun(String id, String command, JsonNode result, String failure) {
    /** Exit code of {@code timeout(1)} when the limit passed, and of a SIGKILL after it. */
    private static final List<Integer> TIMED_OUT = List.of(124, 137);
    private static final int MAX_REASON = 200;
    private static final String EXCEPTION_PREFIX = "^([a-z_][\\w$]*\\.)+[A-Z][\\w$]*(Exception|Failure|Error): ";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads benchmark {@code id} from {@code dir}; never throws: whatever is missing becomes the failure. */
    static BenchmarkRun load(Path dir, String id) {
        String command = read(dir.resolve(id + ".cmd")).trim();
        String exitText = read(dir.resolve(id + ".exit")).trim();
        if (exitText.isEmpty()) {
            return new BenchmarkRun(id, command, null, "did not run");
        }
        int exit;
        try {
            exit = Integer.parseInt(exitText);
        } catch (NumberFormatException e) {
            return new BenchmarkRun(id, command, null, "unreadable exit code " + exitText);
        }
        if (TIMED_OUT.contains(exit)) {
            return new BenchmarkRun(id, command, null, "timed out (exit " + exit + "): the report's limit for it passed");
        }
        JsonNode result = result(dir, id);
        if (result != null && result.hasNonNull("error")) {
            return new BenchmarkRun(id, command, result, shorten(result.get("error").asText()));
        }
        if (result == null || exit != 0) {
            String lastError = lastLine(read(dir.resolve(id + ".err")));
            String reason = "exit " + exit + (result == null ? ", no result" : "")
                    + (lastError.isEmpty() ? "" : ": " + lastError);
            return new BenchmarkRun(id, command, result, shorten(reason));
        }
        return new BenchmarkRun(id, command, result, null);
    }

    boolean failed() {
        return failure != null;
    }

    private static JsonNode result(Path dir, String id) {
        Path file = dir.resolve(id + ".json");
        if (Files.isRegularFile(file)) {
            return parse(read(file));
        }
        List<String> lines = read(dir.resolve(id + ".out")).lines().map(String::trim).toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("{")) {
                return parse(lines.get(i));
            }
        }
        return null;
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private static String shorten(String reason) {
        // "com.fleetlink.bench.registry.BenchFailure: x" says no more to a reader than "x".
        String oneLine = reason.replaceAll("\\s+", " ").replace("|", "/").replaceFirst(EXCEPTION_PREFIX, "");
        return oneLine.length() <= MAX_REASON ? oneLine : oneLine.substring(0, MAX_REASON) + "…";
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
