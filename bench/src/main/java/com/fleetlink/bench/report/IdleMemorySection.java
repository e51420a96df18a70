package com.fleetlink.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** {@code IdleConnectionMemory}: heap per idle handshaken device socket. */
final class IdleMemorySection implements Section {
    @Override
    public String id() {
        return "idle-memory";
    }

    @Override
    public String title() {
        return "Memory per idle connection";
    }

    @Override
    public String about() {
        return "An `IngestionServer` in the benchmark JVM; a child JVM opens N sockets and completes the IMEI handshake on each. "
                + "The figure is (heap after − heap before) ÷ N, both read after full GCs; 200 sockets are connected and dropped "
                + "first, so class loading is not charged to the measured ones. No baseline: it is an absolute budget. N is "
                + "bounded by the open-file limit (the issue asks for 20,000; the server and the child each hold N sockets). "
                + "Netty's pooled direct memory and kernel socket buffers are not in the figure.";
    }

    @Override
    public List<Figure> figures() {
        return List.of(new Figure("Heap per idle handshaken connection", new Target.AtMost(4096, "≤ 4 KiB (4,096 B)"),
                r -> new Measured(Json.number(r, "/bytesPerConnection"),
                        Format.count(Json.number(r, "/bytesPerConnection")) + " B at N = " + Format.count(Json.number(r, "/connections")),
                        null)));
    }
}
