package com.fleetlink.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** {@code flood.HandshakeFlood}: real devices getting in while one source floods the port with silent sockets. */
final class HandshakeFloodSection implements Section {
    @Override
    public String id() {
        return "handshake-flood";
    }

    @Override
    public String title() {
        return "Real devices under a handshake flood";
    }

    @Override
    public String about() {
        return "Issue 13's attack against the ingestion jar: one source opens more silent sockets than `--max-handshaking` "
                + "and re-opens each one the server closes, at once, from one event loop in the benchmark JVM; meanwhile a real "
                + "device arrives every 500 ms on its own blocking socket, sends its IMEI, waits for `01`, sends one AVL packet "
                + "and waits for the ACK (5 s per answer, one try). A device with both answers got in. Three legs, each on a "
                + "fresh ingestion: no flood (the baseline of the handshake latency), the flood with the per-address cap off "
                + "(`--max-silent-per-address 0`: as from many addresses, so it fills the pool and eviction and the pressure "
                + "deadline do the work), and the flood with the per-address cap on at half of --max-handshaking (2,500 silent sockets an address, so this one source holds at most half the pool). "
                + "The peak of open sockets is the server's own `teltonika_connections_open_peak`, against "
                + "`--max-connections + --max-handshaking`. Before this admission, the same flood let 4 of 24 devices in.";
    }

    @Override
    public List<Figure> figures() {
        return List.of(admitted("Devices in (01 + ACK) under the flood, per-address cap off", "/flood"),
                admitted("Devices in (01 + ACK) under the flood, per-address cap at half the pool", "/floodAddressCap"),
                new Figure("Peak open sockets under the flood ÷ (max-connections + max-handshaking)", new Target.AtMost(1, "≤ 1"), r -> {
                    double bound = Json.number(r, "/openBound");
                    double peak = Math.max(Json.number(r, "/flood/peakOpen"), r.at("/floodAddressCap/peakOpen").asDouble(0));
                    return new Measured(peak / bound, Format.count(peak) + " of " + Format.count(bound), null);
                }));
    }

    private static Figure admitted(String label, String leg) {
        return new Figure(label, new Target.AtLeast(0.95, "≥ 95 %"), r -> {
            double ratio = Json.number(r, leg + "/admittedRatio");
            String text = Format.percent(ratio) + " (" + Format.count(Json.number(r, leg + "/admitted")) + " of "
                    + Format.count(Json.number(r, leg + "/devices")) + "; " + Format.count(Json.number(r, "/floodSockets"))
                    + " silent sockets vs `--max-handshaking " + Format.count(Json.number(r, "/maxHandshaking")) + "`, "
                    + Format.count(Json.number(r, leg + "/floodReopensPerSecond")) + " re-opens/s)";
            return new Measured(ratio, text, latencyAgainstBaseline(r, leg));
        });
    }

    /** Handshake p50 and p99 under the flood ÷ without it, or {@code null} without a baseline leg. */
    private static String latencyAgainstBaseline(JsonNode r, String leg) {
        if (!r.at("/baseline/handshakeP99Ms").isNumber() || !r.at(leg + "/handshakeP99Ms").isNumber()) {
            return null;
        }
        double p50 = Json.number(r, leg + "/handshakeP50Ms");
        double p99 = Json.number(r, leg + "/handshakeP99Ms");
        return "handshake p50 " + Format.millis(p50) + " = " + Format.ratio(p50 / Json.number(r, "/baseline/handshakeP50Ms"))
                + " ×, p99 " + Format.millis(p99) + " = " + Format.ratio(p99 / Json.number(r, "/baseline/handshakeP99Ms"))
                + " × without the flood";
    }
}
