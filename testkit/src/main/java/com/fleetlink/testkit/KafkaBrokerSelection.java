package com.fleetlink.testkit;

/**
 * Picks the Kafka broker a test gets. In-process comes first: its jars are test dependencies, always
 * there, and only it can stop and restart its broker on the same port. A container is used when
 * {@value #PROPERTY}{@code =container} asks for one, or when the in-process node fails to start and a
 * Docker engine answers; that fallback prints the failure, so a broken in-process start is never
 * hidden, and without Docker the failure itself is thrown.
 */
final class KafkaBrokerSelection {
    /** System property: {@code in-process} (the default) or {@code container}. */
    static final String PROPERTY = "fleetlink.test.kafka";

    /** Starts one kind of broker; generic so the choice can be tested without starting any. */
    @FunctionalInterface
    interface Starter<B> {
        B start() throws Exception;
    }

    private KafkaBrokerSelection() {
    }

    /** Starts the broker {@code forced} (the property, {@code null} when unset) and the probes call for. */
    static <B> B start(String forced, Starter<B> inProcess, DockerProbe docker, Starter<B> container) throws Exception {
        String mode = forced == null || forced.isBlank() ? "in-process" : forced.strip();
        switch (mode) {
            case "container":
                if (!docker.answers()) {
                    throw new IllegalStateException(PROPERTY + "=container, but no Docker engine answers: start a Docker engine");
                }
                System.err.println("[testkit] Kafka for the tests: an apache/kafka container, as " + PROPERTY + "=container asks");
                return container.start();
            case "in-process":
                return inProcessOrContainer(inProcess, docker, container);
            default:
                throw new IllegalStateException(PROPERTY + "=" + forced + " is neither in-process nor container");
        }
    }

    private static <B> B inProcessOrContainer(Starter<B> inProcess, DockerProbe docker, Starter<B> container) throws Exception {
        try {
            return inProcess.start();
        } catch (Exception e) {
            if (!docker.answers()) {
                throw e;
            }
            System.err.println("[testkit] Kafka for the tests: an apache/kafka container, since the in-process broker failed to start: " + e);
            return container.start();
        }
    }
}
