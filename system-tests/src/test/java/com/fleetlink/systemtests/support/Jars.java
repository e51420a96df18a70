package com.fleetlink.systemtests.support;

import java.nio.file.Path;

/** Where the build put the two shaded jars; failsafe passes the paths as system properties. */
final class Jars {
    private Jars() {
    }

    static Path ingestion() {
        return path("ingestion.jar");
    }

    static Path sidecar() {
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
