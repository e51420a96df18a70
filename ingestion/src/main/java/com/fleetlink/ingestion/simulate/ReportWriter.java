package com.fleetlink.ingestion.simulate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints a {@link SimulationReport}: a short table for people, or one JSON object for scripts. */
final class ReportWriter {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private ReportWriter() {
    }

    /** One JSON object on one line; rates and milliseconds rounded to three decimals. */
    static void json(SimulationReport r, PrintWriter out) throws IOException {
        FleetCounters c = r.counters();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.writeStartObject();
            json.writeNumberField("handshakesPerSecond", round(r.handshakesPerSecond()));
            json.writeNumberField("packetsPerSecond", round(r.packetsPerSecond()));
            json.writeNumberField("recordsPerSecond", round(r.recordsPerSecond()));
            json.writeNumberField("ackP50Ms", millis(r.latency().p50Nanos()));
            json.writeNumberField("ackP99Ms", millis(r.latency().p99Nanos()));
            json.writeNumberField("ackMaxMs", millis(r.latency().maxNanos()));
            json.writeNumberField("wrongAcks", c.wrongAcks);
            json.writeNumberField("devices", r.settings().devices());
            json.writeStringField("codec", r.settings().codec().label());
            json.writeNumberField("recordsPerPacket", r.settings().records());
            json.writeNumberField("durationSeconds", round(r.elapsedSeconds()));
            json.writeNumberField("startupSeconds", round(r.startupSeconds()));
            json.writeNumberField("handshakes", c.handshakes);
            json.writeNumberField("handshakeRejections", c.handshakeRejections);
            json.writeNumberField("connectFailures", c.connectFailures);
            json.writeNumberField("disconnects", c.disconnects);
            json.writeNumberField("churns", c.churns);
            json.writeNumberField("packetsSent", c.packetsSent);
            json.writeNumberField("packetsAcked", c.packetsAcked);
            json.writeNumberField("recordsAcked", c.recordsAcked);
            json.writeNumberField("packetsUnacked", c.packetsUnacked);
            json.writeNumberField("commandsReceived", c.commandsReceived);
            json.writeNumberField("commandsAnswered", c.commandsAnswered);
            json.writeEndObject();
        }
        out.println();
    }

    /** A few aligned lines. */
    static void table(SimulationReport r, PrintWriter out) {
        FleetCounters c = r.counters();
        SimulationSettings s = r.settings();
        out.printf(Locale.ROOT, "%d devices, codec %s, %d records/packet, %s:%d, %.1f s (%.1f s to connect)%n",
                s.devices(), s.codec().label(), s.records(), s.host(), s.port(), r.elapsedSeconds(), r.startupSeconds());
        out.printf(Locale.ROOT, "  handshakes/s  %12.1f  (%d handshakes, %d churns)%n",
                r.handshakesPerSecond(), c.handshakes, c.churns);
        out.printf(Locale.ROOT, "  packets/s     %12.1f  (%d acked of %d sent)%n",
                r.packetsPerSecond(), c.packetsAcked, c.packetsSent);
        out.printf(Locale.ROOT, "  records/s     %12.1f  (%d acked)%n", r.recordsPerSecond(), c.recordsAcked);
        out.printf(Locale.ROOT, "  ACK latency   p50 %.3f ms  p99 %.3f ms  max %.3f ms%n",
                millis(r.latency().p50Nanos()), millis(r.latency().p99Nanos()), millis(r.latency().maxNanos()));
        out.printf(Locale.ROOT, "  wrong ACKs    %12d%n", c.wrongAcks);
        out.printf(Locale.ROOT, "  problems      %d connect failures, %d refused handshakes, %d disconnects, %d unacked packets%n",
                c.connectFailures, c.handshakeRejections, c.disconnects, c.packetsUnacked);
        out.printf(Locale.ROOT, "  commands      %d received, %d answered%n", c.commandsReceived, c.commandsAnswered);
    }

    private static double millis(long nanos) {
        return round(nanos / 1e6);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
