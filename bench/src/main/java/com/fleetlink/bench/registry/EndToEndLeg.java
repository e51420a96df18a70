package com.fleetlink.bench.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fleetlink.testkit.ChildProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The leg runner of the end-to-end benchmarks: {@code ingestion.jar simulate} (Codec 8E) against a
 * server already listening, as fast as it ACKs or at a given packet rate, measured from the
 * simulator's report and {@code /proc}: records/s, ACK latency, and the CPU seconds of the server,
 * of the simulator and of the other processes named.
 *
 * @param jar         the ingestion jar whose {@code simulate} plays the devices
 * @param dir         where each leg's simulator output goes
 * @param devices     simulated devices
 * @param records     records per packet
 * @param duration    length of each leg
 * @param simulateJvm JVM options of simulate
 * @param respond     how long a device takes to answer a command, {@code null} for never
 */
public record EndToEndLeg(Path jar, Path dir, int devices, int records, Duration duration, List<String> simulateJvm,
                          Duration respond) {
    /** Legs whose devices never answer a command. */
    public EndToEndLeg(Path jar, Path dir, int devices, int records, Duration duration, List<String> simulateJvm) {
        this(jar, dir, devices, records, duration, simulateJvm, null);
    }

    /**
     * Runs one leg against {@code server} listening on {@code port}.
     *
     * @param rate   packets per second, 0 for as fast as the server ACKs
     * @param others label → pid of more processes whose CPU seconds the leg reports as {@code LABELCpuSeconds}
     */
    public Map<String, Object> measure(String name, ChildProcess server, int port, int rate, Map<String, Long> others)
            throws InterruptedException {
        String load = ProcFs.loadAverage();
        double server0 = ProcFs.cpuSeconds(server.pid());
        Map<String, Double> others0 = new LinkedHashMap<>();
        others.forEach((label, pid) -> others0.put(label, ProcFs.cpuSeconds(pid)));
        JsonNode report = Simulation.run(jar, dir, name, port,
                new Simulation.Settings(devices, rate, records, "8E", duration, 0, simulateJvm, respond));
        double serverCpu = ProcFs.cpuSeconds(server.pid()) - server0;
        long acked = report.path("recordsAcked").asLong();
        if (acked == 0) {
            throw new BenchFailure(name + ": no records acknowledged: " + report);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("leg", name);
        m.put("ratePacketsPerSecond", rate);
        m.put("loadAverage", load);
        m.put("recordsPerSecond", Stats.round(report.path("recordsPerSecond").asDouble(), 0));
        m.put("packetsPerSecond", Stats.round(report.path("packetsPerSecond").asDouble(), 0));
        m.put("recordsAcked", acked);
        m.put("ackP50Ms", report.path("ackP50Ms").asDouble());
        m.put("ackP99Ms", report.path("ackP99Ms").asDouble());
        m.put("ackMaxMs", report.path("ackMaxMs").asDouble());
        m.put("wrongAcks", report.path("wrongAcks").asLong());
        m.put("serverCpuSeconds", Stats.round(serverCpu, 2));
        m.put("simulatorCpuSeconds", report.path("simulatorCpuSeconds").asDouble());
        m.put("serverCpuSecondsPerMillionRecords", Stats.round(serverCpu / acked * 1e6, 3));
        StringBuilder othersSaid = new StringBuilder();
        others.forEach((label, pid) -> {
            double cpu = Stats.round(ProcFs.cpuSeconds(pid) - others0.get(label), 2);
            m.put(label + "CpuSeconds", cpu);
            othersSaid.append(String.format(Locale.ROOT, ", %s %.2f s", label, cpu));
        });
        BenchMain.say("  %-22s %,10.0f records/s  ACK p50 %.2f ms p99 %.2f ms  server CPU %.2f s (%.3f s/Mrec), "
                        + "simulator %.2f s%s; wrong ACKs %d; load %s",
                name, m.get("recordsPerSecond"), m.get("ackP50Ms"), m.get("ackP99Ms"), serverCpu,
                m.get("serverCpuSecondsPerMillionRecords"), m.get("simulatorCpuSeconds"), othersSaid, m.get("wrongAcks"), load);
        return m;
    }
}
