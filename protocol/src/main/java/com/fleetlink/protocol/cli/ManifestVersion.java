package com.fleetlink.protocol.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version} for both jars: the title and version their shaded manifest carries, or
 * "development build" when run from classes.
 */
public final class ManifestVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        Package p = ManifestVersion.class.getPackage();
        String title = p.getImplementationTitle();
        String version = p.getImplementationVersion();
        return new String[] {(title == null ? "fleetlink" : title) + " " + (version == null ? "development build" : version)};
    }
}
