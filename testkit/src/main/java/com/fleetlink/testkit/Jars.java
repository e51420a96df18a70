package com.fleetlink.testkit;

import java.nio.file.Path;

/**
 * Where the build put the two runnable jars. The failsafe runs that test them pass the paths as
 * the system properties {@code ingestion.jar} and {@code sidecar.jar}.
 */
public final class Jars {
    private Jars() {
    }

    /** The ingestion's shaded jar. */
    public static Path ingestion() {
        return path("ingestion.jar");
    }

    /** The sidecar's shaded jar. */
    public static Path sidecar() {
        return path("sidecar.jar");
    }

    private static Path path(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set: run the tests through "
                    + "`./mvnw verify` (failsafe sets it)");
        }
        return Path.of(value).toAbsolutePath().normalize();
    }
}
