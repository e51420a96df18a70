package com.fleetlink.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** {@code registry.KafkaSinkThroughput}: end-to-end telemetry with the Kafka sink against the file sink, same run. */
final class KafkaSinkSection implements Section {
    @Override
    public String id() {
        return "kafka-sink";
    }

    @Override
    public String title() {
        return "End-to-end telemetry, Kafka sink ÷ file sink";
    }

    @Override
    public String about() {
        return "The end-to-end section's simulator and leg runner (`ingestion.jar simulate`, Codec 8E, as fast as the server "
                + "ACKs) against a fresh `ingestion run` per leg, no registry, legs alternating between the JSON Lines file sink "
                + "and `--telemetry kafka://…` (a topic of its own per leg, three partitions, one replica; the producer as "
                + "shipped: `acks=all`, idempotent, an ACK only after the broker acknowledged every record of the packet). The "
                + "broker is one KRaft node (Kafka's own test kit) inside the benchmark JVM, started once before the legs: no "
                + "download or Docker, the same broker as the chaos run's, and that JVM does nothing else while a leg runs, so "
                + "its CPU time is the broker's. The ratio divides the medians of the same run's legs; the leg spread is "
                + "(max − min) ÷ median of each sink's records/s, so the ratio cannot be read finer than it. Why the ratio is "
                + "below 1 here: simulator, server and broker share two cores; the legs' `CPU s/M records` column shows what the "
                + "producer costs the ingestion per record against the file sink, and `broker CPU s` what the broker takes from "
                + "the same cores (in the file legs, the idle broker's own). A broker on hosts of its own would take only the "
                + "first from the ingestion.";
    }

    @Override
    public List<Figure> figures() {
        return List.of(
                new Figure("End to end records/s, Kafka sink ÷ file sink", new Target.None("report"),
                        r -> new Measured(Json.number(r, "/ratio"), Format.ratio(Json.number(r, "/ratio"))
                                + " (" + Format.count(Json.number(r, "/kafkaRecordsPerSecond")) + "/s vs "
                                + Format.count(Json.number(r, "/fileRecordsPerSecond")) + "/s)",
                                "leg spread file " + Format.percent(Json.number(r, "/fileLegSpread")) + ", Kafka "
                                        + Format.percent(Json.number(r, "/kafkaLegSpread")))),
                new Figure("ACK p50 / p99 at full rate, Kafka sink", new Target.None("report"),
                        r -> new Measured(Json.number(r, "/kafkaAckP99Ms"), Format.millis(Json.number(r, "/kafkaAckP50Ms"))
                                + " / " + Format.millis(Json.number(r, "/kafkaAckP99Ms")),
                                "file sink " + Format.millis(Json.number(r, "/fileAckP50Ms")) + " / "
                                        + Format.millis(Json.number(r, "/fileAckP99Ms")))),
                new Figure("Wrong ACKs, Kafka and file legs", new Target.AtMost(0, "0"),
                        r -> new Measured(Json.number(r, "/wrongAcks"), Format.count(Json.number(r, "/wrongAcks")), null)));
    }

    @Override
    public List<String> details(JsonNode result) {
        List<String> lines = new ArrayList<>();
        lines.add("| Leg | records/s | ACK p50 | ACK p99 | ACK max | server CPU s | CPU s/M records | simulator CPU s | "
                + "broker CPU s | wrong ACKs | load |");
        lines.add("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (JsonNode leg : result.path("legs")) {
            lines.add("| " + leg.path("leg").asText() + " | " + Format.count(leg.path("recordsPerSecond").asDouble())
                    + " | " + Format.millis(leg.path("ackP50Ms").asDouble()) + " | " + Format.millis(leg.path("ackP99Ms").asDouble())
                    + " | " + Format.millis(leg.path("ackMaxMs").asDouble()) + " | " + leg.path("serverCpuSeconds").asText()
                    + " | " + leg.path("serverCpuSecondsPerMillionRecords").asText() + " | "
                    + leg.path("simulatorCpuSeconds").asText() + " | " + leg.path("brokerCpuSeconds").asText() + " | "
                    + leg.path("wrongAcks").asText() + " | " + leg.path("loadAverage").asText() + " |");
        }
        lines.add("");
        lines.add(Format.count(result.path("devices").asDouble()) + " devices, " + result.path("recordsPerPacket").asText()
                + " records a packet, " + result.path("legSeconds").asText() + " s legs, " + result.path("pairs").asText()
                + " of each sink; Kafka ÷ file per pair: " + result.path("pairRatios") + ".");
        return lines;
    }
}
