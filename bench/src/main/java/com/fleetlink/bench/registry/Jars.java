package com.fleetlink.bench.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the real jars are and how to start them: with this JVM's own {@code java}, so parent and
 * children run the same JDK. Paths default to the build output relative to the repository root,
 * the directory the benchmarks are meant to be run from.
 */
public final class Jars {
    private final Path ingestion;
    private final Path sidecar;

    private Jars(Path ingestion, Path sidecar) {
        this.ingestion = ingestion;
        this.sidecar = sidecar;
    }

    /** Declares {@code --ingestion-jar} and {@code --sidecar-jar}. */
    public static Jars fromFlags(BenchFlags flags) {
        Path ingestion = flags.path("ingestion-jar", "ingestion/target/ingestion.jar", "the ingestion's runnable jar");
        Path sidecar = flags.path("sidecar-jar", "registry-sidecar/target/registry-sidecar.jar", "the sidecar's runnable jar");
        return new Jars(ingestion, sidecar);
    }

    public Path ingestion() {
        return existing(ingestion, "--ingestion-jar");
    }

    public Path sidecar() {
        return existing(sidecar, "--sidecar-jar");
    }

    /** {@code java [jvmOptions] -jar jar args…}. */
    public static List<String> javaCommand(List<String> jvmOptions, Path jar, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        return command;
    }

    /** Splits a JVM option flag such as {@code "-Xmx96m -XX:+UseSerialGC"}; blank means none. */
    public static List<String> options(String text) {
        List<String> options = new ArrayList<>();
        for (String part : text.trim().split("\\s+")) {
            if (!part.isEmpty()) {
                options.add(part);
            }
        }
        return options;
    }

    private static Path existing(Path jar, String flag) {
        if (!Files.isRegularFile(jar)) {
            throw new BenchFlags.UsageException(jar.toAbsolutePath() + " does not exist: build with "
                    + "./mvnw -B -q -DskipTests package and run from the repository root, or pass " + flag);
        }
        return jar;
    }
}
