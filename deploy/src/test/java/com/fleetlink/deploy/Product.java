package com.fleetlink.deploy;

import com.fleetlink.ingestion.IngestionMain;
import com.fleetlink.protocol.cli.DurationConverter;
import com.fleetlink.registry.SidecarMain;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The two things deployed. Each has one name used everywhere: the Maven module and its jar, the
 * Dockerfile target, the image ({@code fleetlink/NAME}), the compose service and the Kubernetes container.
 */
enum Product {
    INGESTION("ingestion", new IngestionMain()),
    REGISTRY_SIDECAR("registry-sidecar", new SidecarMain());

    /** The setting that carries the JVM flags: read by the image's entrypoint, not by the jar. */
    static final String JAVA_OPTS = "JAVA_OPTS";
    /** Where the image's entrypoint puts the jar. */
    static final String JAR_IN_IMAGE = "/app/app.jar";

    private final String name;
    private final CommandSpec main;

    Product(String name, Object mainCommand) {
        this.name = name;
        this.main = new CommandLine(mainCommand).getCommandSpec();
    }

    /** The one name (module, jar, target, image, service, container). */
    String id() {
        return name;
    }

    /** The image repository the manifests name. */
    String image() {
        return "fleetlink/" + name;
    }

    /** The product whose name this is, if any (Redis, for one, is not a product). */
    static Optional<Product> named(String name) {
        return Arrays.stream(values()).filter(p -> p.name.equals(name)).findFirst();
    }

    /** The product an image reference such as {@code fleetlink/ingestion:dev} runs, if any. */
    static Optional<Product> ofImage(String image) {
        return Arrays.stream(values()).filter(p -> image.startsWith(p.image() + ":") || image.equals(p.image())).findFirst();
    }

    /** Whether the jar has this subcommand. */
    boolean hasSubcommand(String subcommand) {
        return main.subcommands().containsKey(subcommand);
    }

    /** The settings of one of the jar's subcommands. */
    CommandSettings subcommand(String subcommand) {
        CommandLine sub = main.subcommands().get(subcommand);
        if (sub == null) {
            throw new IllegalArgumentException(name + " has no subcommand " + subcommand);
        }
        return CommandSettings.of(sub.getCommandSpec());
    }

    /** The settings of the daemon, {@code run}. */
    CommandSettings run() {
        return subcommand("run");
    }

    /** A duration the way the jars read it. */
    static Duration duration(String text) {
        return DurationConverter.parse(text);
    }
}
