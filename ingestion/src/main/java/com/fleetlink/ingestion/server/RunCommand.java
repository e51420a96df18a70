package com.fleetlink.ingestion.server;

import com.fleetlink.protocol.cli.ManifestVersion;
import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.registry.RegistryClient;
import com.fleetlink.ingestion.registry.RegistryClientConfig;
import com.fleetlink.ingestion.telemetry.JsonLinesTelemetrySink;
import com.fleetlink.ingestion.telemetry.KafkaTarget;
import com.fleetlink.ingestion.telemetry.KafkaTelemetrySink;
import com.fleetlink.ingestion.telemetry.TelemetrySink;
import com.fleetlink.protocol.cli.CommandFailure;
import com.fleetlink.protocol.cli.ExitCodes;
import com.fleetlink.protocol.cli.DaemonOptions;
import com.fleetlink.protocol.cli.TerminationSignal;
import com.fleetlink.protocol.http.MetricsHttpServer;
import com.fleetlink.protocol.metrics.BuildInfo;
import com.fleetlink.protocol.metrics.ProcessMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ingestion run}: serves devices until SIGTERM, then drains and exits 0. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class, sortOptions = false,
        description = "Serve Teltonika devices over TCP. Every flag also reads the environment variable named in its description.")
public final class RunCommand implements Callable<Integer> {
    /** A worker event loop that cannot run a no-op task in this time is wedged. */
    private static final Duration LIVENESS_TIMEOUT = Duration.ofSeconds(2);

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "${env:TELTONIKA_HOST:-0.0.0.0}",
            description = "Address to listen on (TELTONIKA_HOST, default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:TELTONIKA_PORT:-5027}",
            description = "Device TCP port, 0 for any free one (TELTONIKA_PORT, default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--max-frame", paramLabel = "BYTES", defaultValue = "${env:TELTONIKA_MAX_FRAME:-65536}",
            description = "Largest frame accepted, preamble to CRC (TELTONIKA_MAX_FRAME, default ${DEFAULT-VALUE}).")
    int maxFrame;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "${env:TELTONIKA_IDLE_TIMEOUT:-10m}",
            description = "Close sockets silent this long (TELTONIKA_IDLE_TIMEOUT, default ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(names = "--handshake-timeout", paramLabel = "DURATION", defaultValue = "${env:TELTONIKA_HANDSHAKE_TIMEOUT:-15s}",
            description = "Close sockets not through the IMEI handshake (PROXY header included) this long after accept (TELTONIKA_HANDSHAKE_TIMEOUT, default ${DEFAULT-VALUE}).")
    Duration handshakeTimeout;

    @Option(names = "--pressure-handshake-timeout", paramLabel = "DURATION", defaultValue = "${env:TELTONIKA_PRESSURE_HANDSHAKE_TIMEOUT:-2s}",
            description = "The shorter handshake deadline while more than half of --max-handshaking is in use (TELTONIKA_PRESSURE_HANDSHAKE_TIMEOUT, default ${DEFAULT-VALUE}).")
    Duration pressureHandshakeTimeout;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "${env:TELTONIKA_MAX_CONNECTIONS:-50000}",
            description = "Open device sockets; one accepted beyond it evicts the oldest socket that has sent nothing yet, or is closed at once when none has (TELTONIKA_MAX_CONNECTIONS, default ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--max-handshaking", paramLabel = "N", defaultValue = "${env:TELTONIKA_MAX_HANDSHAKING:-5000}",
            description = "Sockets accepted but not yet through the handshake; one beyond it evicts the oldest that has sent nothing yet, or is closed at once when none has (TELTONIKA_MAX_HANDSHAKING, default ${DEFAULT-VALUE}).")
    int maxHandshaking;

    @Option(names = "--max-silent-per-address", paramLabel = "N", defaultValue = "${env:TELTONIKA_MAX_SILENT_PER_ADDRESS:-0}",
            description = "Sockets from one source address (the PROXY header's, else the peer) that have sent nothing yet; one more evicts that address's oldest; 0 turns it off (TELTONIKA_MAX_SILENT_PER_ADDRESS, default ${DEFAULT-VALUE}).")
    int maxSilentPerAddress;

    @Option(names = "--proxy-protocol", paramLabel = "off|v1|v2|any", defaultValue = "${env:TELTONIKA_PROXY_PROTOCOL:-off}",
            description = "Require a PROXY protocol header (from a TCP load balancer) of this version on every socket; its source address is the device's (TELTONIKA_PROXY_PROTOCOL, default ${DEFAULT-VALUE}).")
    String proxyProtocol;

    @Option(names = "--luhn", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            defaultValue = "${env:TELTONIKA_LUHN:-false}",
            description = "Also check the IMEI's Luhn check digit (TELTONIKA_LUHN, default ${DEFAULT-VALUE}).")
    boolean luhn;

    @Option(names = "--telemetry", paramLabel = "FILE|-|kafka://HOST:PORT[,HOST:PORT...]/TOPIC", defaultValue = "${env:TELTONIKA_TELEMETRY:--}",
            description = "Where decoded records go: a JSON Lines file, - for stdout, or a Kafka topic (key: the IMEI, value: the JSON Lines object) (TELTONIKA_TELEMETRY, default ${DEFAULT-VALUE}).")
    String telemetry;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE", split = "\\r?\\n", splitSynopsisLabel = "\\n",
            defaultValue = "${env:TELTONIKA_KAFKA_PROPERTIES}",
            description = "A Kafka producer setting for the kafka:// sink (TLS, SASL, tuning), repeatable; acks, enable.idempotence, bootstrap.servers and the serializers are the sink's (TELTONIKA_KAFKA_PROPERTIES: one KEY=VALUE per line, since values such as ssl.enabled.protocols hold commas; flags replace it).")
    Map<String, String> kafkaProperties;

    @Option(names = "--sink-stall-timeout", paramLabel = "DURATION", defaultValue = "${env:TELTONIKA_SINK_STALL_TIMEOUT:-30s}",
            description = "Close a socket without its ACK once its oldest packet waited this long on the telemetry sink; until then reading only pauses (TELTONIKA_SINK_STALL_TIMEOUT, default ${DEFAULT-VALUE}).")
    Duration sinkStallTimeout;

    @Option(names = "--max-pending-acks", paramLabel = "N", defaultValue = "${env:TELTONIKA_MAX_PENDING_ACKS:-8}",
            description = "Packets per socket waiting on the sink before reading pauses (TELTONIKA_MAX_PENDING_ACKS, default ${DEFAULT-VALUE}).")
    int maxPendingAcks;

    @Option(names = "--max-bad-crc", paramLabel = "N", defaultValue = "${env:TELTONIKA_MAX_BAD_CRC:-3}",
            description = "Bad CRCs in a row (each answered with a zero ACK) before the socket is closed (TELTONIKA_MAX_BAD_CRC, default ${DEFAULT-VALUE}).")
    int maxBadCrc;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "${env:TELTONIKA_DRAIN_TIMEOUT:-5s}",
            description = "On SIGTERM, how long in-flight frames may take to be acknowledged (TELTONIKA_DRAIN_TIMEOUT, default ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(names = "--drain-duration", paramLabel = "DURATION", defaultValue = "${env:TELTONIKA_DRAIN_DURATION:-0s}",
            description = "On SIGTERM, close the device sockets one by one spread over this long, oldest first, so the other instances take the fleet over gradually; 0s closes them all at once (TELTONIKA_DRAIN_DURATION, default ${DEFAULT-VALUE}).")
    Duration drainDuration;

    @Option(names = "--command-late-window", paramLabel = "DURATION", defaultValue = "${env:TELTONIKA_COMMAND_LATE_WINDOW:-60s}",
            description = "After a command's response timeout, how long its socket takes no new command and takes a reply as the late reply of the timed-out one (TELTONIKA_COMMAND_LATE_WINDOW, default ${DEFAULT-VALUE}).")
    Duration commandLateWindow;

    @Option(names = "--registry-socket", paramLabel = "PATH", defaultValue = "${env:REGISTRY_SOCKET}",
            description = "Tell the registry sidecar listening on this Unix socket which devices are held (REGISTRY_SOCKET, default: off, the ingestion runs alone).")
    Path registrySocket;

    @Option(names = "--registry-shutdown-timeout", paramLabel = "DURATION", defaultValue = "${env:REGISTRY_SHUTDOWN_TIMEOUT:-5s}",
            description = "On SIGTERM, how long to wait for the sidecar to release this instance's entries (REGISTRY_SHUTDOWN_TIMEOUT, default ${DEFAULT-VALUE}).")
    Duration registryShutdownTimeout;

    @Mixin
    DaemonOptions daemon;

    @Override
    public Integer call() throws Exception {
        daemon.applyLogging();
        Logger log = LoggerFactory.getLogger(RunCommand.class);
        IngestionConfig config = new IngestionConfig(host, port, maxFrame, idleTimeout, new ImeiPolicy(luhn),
                maxPendingAcks, maxBadCrc, drainTimeout,
                new ConnectionLimits(maxConnections, maxHandshaking, handshakeTimeout, pressureHandshakeTimeout, maxSilentPerAddress),
                ProxyProtocol.parse(proxyProtocol), sinkStallTimeout, commandLateWindow);
        IngestionMetrics metrics = new IngestionMetrics();
        TelemetrySink sink = openSink(metrics);
        TerminationSignal signal = TerminationSignal.install();
        ProcessMetrics.register(metrics.registry(), BuildInfo.current());
        IngestionServer server = new IngestionServer(config, sink, metrics);
        RegistryClient registry = startRegistry(server, metrics);
        server.start();
        MetricsHttpServer http = null;
        if (daemon.metricsPort() != null) {
            http = MetricsHttpServer.start("0.0.0.0", daemon.metricsPort(), metrics.registry(),
                    () -> server.eventLoopsRespond(LIVENESS_TIMEOUT), server::isListening);
            log.info("metrics on port {}", http.port());
        }
        signal.await();
        log.info("termination signal received; draining");
        // Design §4 rule 8: no new devices, the registry releases our entries, then the sockets close.
        // With a paced drain the sockets close first, each unregistering its device, then the release.
        server.stopAccepting();
        if (!drainDuration.isZero()) {
            server.drain(drainDuration);
        }
        if (registry != null) {
            registry.shutdown(registryShutdownTimeout);
        }
        server.stop();
        if (registry != null) {
            registry.close();
        }
        if (http != null) {
            http.close();
        }
        return ExitCodes.OK;
    }

    /** The telemetry sink; a file that cannot be opened or a bad Kafka setting is named in one line. */
    private TelemetrySink openSink(IngestionMetrics metrics) throws IOException {
        if ("-".equals(telemetry)) {
            return JsonLinesTelemetrySink.toStdout(JsonLinesTelemetrySink.DEFAULT_QUEUE_CAPACITY);
        }
        if (KafkaTarget.isKafka(telemetry)) {
            return openKafka(metrics);
        }
        int scheme = telemetry.indexOf("://");
        if (scheme > 0) {
            // A URI is a sink this server may not know: never a directory named after its scheme.
            throw new CommandFailure.Usage("--telemetry: unknown sink " + telemetry.substring(0, scheme + 3)
                    + " (a file path, or - for stdout)");
        }
        try {
            return JsonLinesTelemetrySink.toFile(Path.of(telemetry), JsonLinesTelemetrySink.DEFAULT_QUEUE_CAPACITY);
        } catch (IOException e) {
            throw new CommandFailure.Usage("--telemetry: cannot open " + telemetry + " for writing: " + e);
        }
    }

    private TelemetrySink openKafka(IngestionMetrics metrics) throws IOException {
        Map<String, String> properties = kafkaProperties == null ? Map.of() : kafkaProperties;
        try {
            return KafkaTelemetrySink.open(KafkaTarget.parse(telemetry), properties,
                    KafkaTelemetrySink.DEFAULT_QUEUE_CAPACITY, sinkStallTimeout, metrics.registry());
        } catch (IllegalArgumentException e) {
            throw new CommandFailure.Usage("--telemetry " + telemetry + ": " + e.getMessage());
        }
    }

    /** The registry client when {@code --registry-socket} is set, listening before the first device comes; else {@code null}. */
    private RegistryClient startRegistry(IngestionServer server, IngestionMetrics metrics) {
        if (registrySocket == null || registrySocket.toString().isBlank()) {
            return null;
        }
        RegistryClient registry = new RegistryClient(RegistryClientConfig.defaults(registrySocket),
                server.sessions()::sessions, server::runOnEveryEventLoop, metrics.registry(), server.commandRouter());
        server.sessions().setListener(registry);
        // Commands come in through the registry client and their outcomes go back out through it (design §9).
        server.setCommandOutcomes(registry);
        registry.start();
        return registry;
    }
}
