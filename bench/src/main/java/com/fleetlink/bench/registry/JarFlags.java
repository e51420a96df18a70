package com.fleetlink.bench.registry;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real jars a benchmark starts, from its flags. Paths default to the build output relative to
 * the repository root, the directory the benchmarks are meant to be run from; a missing jar is a
 * usage error, reported when the benchmark first needs it.
 */
public final class JarFlags {
    private final Path ingestion;
    private final Path sidecar;

    private JarFlags(Path ingestion, Path sidecar) {
        this.ingestion = ingestion;
        this.sidecar = sidecar;
    }

    /** Declares {@code --ingestion-jar} and {@code --sidecar-jar}. */
    public static JarFlags fromFlags(BenchFlags flags) {
        Path ingestion = flags.path("ingestion-jar", "ingestion/target/ingestion.jar", "the ingestion's runnable jar");
        Path sidecar = flags.path("sidecar-jar", "registry-sidecar/target/registry-sidecar.jar", "the sidecar's runnable jar");
        return new JarFlags(ingestion, sidecar);
    }

    public Path ingestion() {
        return existing(ingestion, "--ingestion-jar");
    }

    public Path sidecar() {
        return existing(sidecar, "--sidecar-jar");
    }

    private static Path existing(Path jar, String flag) {
        if (!Files.isRegularFile(jar)) {
            throw new BenchFlags.UsageException(jar.toAbsolutePath() + " does not exist: build with "
                    + "./mvnw -B -q -DskipTests package and run from the repository root, or pass " + flag);
        }
        return jar;
    }
}
