package com.fleetlink.ingestion.testkit;

import com.fleetlink.ingestion.IngestionMain;
import com.fleetlink.testkit.IngestionProcess;
import com.fleetlink.testkit.JavaProgram;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The ingestion on this module's class path as a child JVM. It logs with the production
 * configuration: the tests' own {@code logback-test.xml} would hide the line that tells its port, so
 * the directory holding it is left off the child's class path (the child needs none of its classes).
 */
public final class IngestionJvm {
    private static final String TEST_LOG_CONFIGURATION = "logback-test.xml";

    private IngestionJvm() {
    }

    /** A launch whose logs go to {@code dir}; the caller adds the telemetry file and the options. */
    public static IngestionProcess.Builder builder(Path dir) {
        JavaProgram program = new JavaProgram(JavaProgram.TEST_JVM_OPTIONS,
                List.of("-cp", productionClassPath(), IngestionMain.class.getName()));
        return IngestionProcess.builder(program, dir);
    }

    private static String productionClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Files.isRegularFile(Path.of(entry, TEST_LOG_CONFIGURATION)))
                .collect(Collectors.joining(File.pathSeparator));
    }
}
