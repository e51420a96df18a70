package com.fleetlink.ingestion.testkit;

import com.fleetlink.ingestion.IngestionMain;
import com.fleetlink.testkit.IngestionProcess;
import com.fleetlink.testkit.JavaProgram;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ingestion on this module's class path as a child JVM. It logs with the production
 * configuration: the tests' own {@code logback-test.xml} would hide the line that tells its port.
 */
public final class IngestionJvm {
    private IngestionJvm() {
    }

    /** A launch whose logs go to {@code dir}; the caller adds the telemetry file and the options. */
    public static IngestionProcess.Builder builder(Path dir) {
        List<String> options = new ArrayList<>(JavaProgram.TEST_JVM_OPTIONS);
        options.add("-Dlogback.configurationFile=logback.xml");
        return IngestionProcess.builder(JavaProgram.mainClass(IngestionMain.class.getName(), options), dir);
    }
}
