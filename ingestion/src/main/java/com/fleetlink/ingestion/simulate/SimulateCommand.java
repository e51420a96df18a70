package com.fleetlink.ingestion.simulate;

import com.fleetlink.protocol.cli.ManifestVersion;
import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.protocol.cli.ExitCodes;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ingestion simulate}: a fleet of simulated devices against a server, for load tests and
 * demos. Prints handshakes, packets and records per second, ACK latency percentiles and the count of
 * wrong ACKs; exits 1 when an ACK count was wrong or no device could connect.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class, sortOptions = false,
        description = "Run simulated Teltonika devices against a server and report throughput and ACK latency."
                + " Every flag also reads the environment variable named in its description.")
public final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "${env:SIMULATE_HOST:-127.0.0.1}",
            description = "Server address (SIMULATE_HOST, default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:SIMULATE_PORT:-5027}",
            description = "Server port (SIMULATE_PORT, default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--devices", paramLabel = "N", defaultValue = "${env:SIMULATE_DEVICES:-100}",
            description = "Devices connected at once (SIMULATE_DEVICES, default ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--rate", paramLabel = "PACKETS_PER_S", defaultValue = "${env:SIMULATE_RATE:-0}",
            description = "Packets per second for the whole fleet; 0 sends each device's next packet as soon as"
                    + " its ACK arrives (SIMULATE_RATE, default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--records", paramLabel = "R", defaultValue = "${env:SIMULATE_RECORDS:-1}",
            description = "AVL records per packet, 1 to 255 (SIMULATE_RECORDS, default ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--codec", paramLabel = "8|8E|16", defaultValue = "${env:SIMULATE_CODEC:-8E}",
            converter = CodecConverter.class,
            description = "AVL codec the devices speak (SIMULATE_CODEC, default ${DEFAULT-VALUE}).")
    Codec codec;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "${env:SIMULATE_DURATION:-10s}",
            description = "How long devices send, like 500ms, 10s or 1m (SIMULATE_DURATION, default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--churn", paramLabel = "N", defaultValue = "${env:SIMULATE_CHURN:-0}",
            description = "Devices per second that disconnect and reconnect with a new handshake"
                    + " (SIMULATE_CHURN, default ${DEFAULT-VALUE}).")
    int churn;

    @Option(names = "--respond", paramLabel = "DELAY", arity = "0..1", fallbackValue = "0s",
            defaultValue = "${env:SIMULATE_RESPOND}",
            description = "Answer the server's Codec 12/14 commands after DELAY (default 0s when given without one):"
                    + " a type 0x06 response, or a Codec 14 nACK when the command names another IMEI"
                    + " (SIMULATE_RESPOND, default: off, commands are logged and counted only).")
    Duration respond;

    @Option(names = "--json", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            defaultValue = "${env:SIMULATE_JSON:-false}",
            description = "Print one JSON object instead of the table (SIMULATE_JSON, default ${DEFAULT-VALUE}).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        SimulationSettings settings = new SimulationSettings(host, port, devices, rate, records, codec, duration, churn, respond);
        SimulationReport report = new DeviceFleet(settings).run();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!report.connected()) {
            err.println("simulate: " + report.failure());
            err.flush();
            return ExitCodes.FAILURE;
        }
        if (json) {
            ReportWriter.json(report, out);
        } else {
            ReportWriter.table(report, out);
        }
        out.flush();
        if (report.counters().wrongAcks > 0) {
            err.println("simulate: " + report.counters().wrongAcks + " packets were acknowledged with a wrong record count");
            err.flush();
        }
        return report.failed() ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    /** Reads {@code --codec} the way people write it: 8, 8E or 16. */
    static final class CodecConverter implements CommandLine.ITypeConverter<Codec> {
        @Override
        public Codec convert(String value) {
            return switch (value.trim().toUpperCase(Locale.ROOT)) {
                case "8", "08" -> Codec.CODEC_8;
                case "8E" -> Codec.CODEC_8_EXTENDED;
                case "16", "10" -> Codec.CODEC_16;
                default -> throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a codec the simulator speaks (8, 8E or 16)");
            };
        }
    }
}
