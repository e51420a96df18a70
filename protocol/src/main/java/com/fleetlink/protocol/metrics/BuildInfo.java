package com.fleetlink.protocol.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version and commit a runnable jar was built from, as the build wrote them into
 * {@value #RESOURCE} (the root pom's git-commit-id execution). A build without git writes no file:
 * both then read {@value #UNKNOWN}, unless the jar's manifest names the version.
 *
 * @param version the project version
 * @param commit  the abbreviated commit id
 */
public record BuildInfo(String version, String commit) {
    /** Where the build puts the file. */
    public static final String RESOURCE = "/META-INF/fleetlink-build.properties";
    /** What a value the build did not record reads. */
    public static final String UNKNOWN = "unknown";

    /** The build of the program running in this JVM. */
    public static BuildInfo current() {
        Properties props = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        String manifestVersion = BuildInfo.class.getPackage().getImplementationVersion();
        return new BuildInfo(props.getProperty("git.build.version", manifestVersion == null ? UNKNOWN : manifestVersion),
                props.getProperty("git.commit.id.abbrev", UNKNOWN));
    }
}
