package com.fleetlink.bench.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End-to-end telemetry on loopback, three legs in one run:
 * <ol>
 *   <li>{@code simulate} against {@link AckOnlyServer}, as fast as it ACKs (the baseline);</li>
 *   <li>{@code simulate} against {@code ingestion run} with the JSON Lines file sink, as fast as it ACKs;</li>
 *   <li>the same at half the packet rate leg 2 reached, for ACK latency.</li>
 * </ol>
 * Each leg reports records/s, ACK latency and the CPU seconds the server and the simulator used, read
 * from {@code /proc}. Usage: {@code EndToEndThroughput [--jar ingestion.jar] [--devices N] [--records R]
 * [--duration 10s]}. The last line is one JSON object.
 */
public final class EndToEndThroughput {
    private static final Pattern LISTENING = Pattern.compile("listening on (?:[^:]+:)?(\\d+)");
    private static final long CLOCK_TICKS = 100;

    private final String jar;
    private final int devices;
    private final int records;
    private final String duration;
    private final ObjectMapper json = new ObjectMapper();

    private EndToEndThroughput(String jar, int devices, int records, String duration) {
        this.jar = jar;
        this.devices = devices;
        this.records = records;
        this.duration = duration;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = new LinkedHashMap<>(Map.of("--jar", "ingestion/target/ingestion.jar",
                "--devices", "1000", "--records", "20", "--duration", "10s"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            flags.put(args[i], args[i + 1]);
        }
        new EndToEndThroughput(flags.get("--jar"), Integer.parseInt(flags.get("--devices")),
                Integer.parseInt(flags.get("--records")), flags.get("--duration")).run();
    }

    private void run() throws Exception {
        Path dir = Files.createTempDirectory("e2e");
        Leg baseline = leg("ack-only baseline", List.of(java(), "-cp", System.getProperty("java.class.path"),
                AckOnlyServer.class.getName()), 0);
        Leg server = leg("ingestion, file sink", List.of(java(), "-jar", jar, "run", "--host", "127.0.0.1", "--port", "0",
                "--telemetry", dir.resolve("telemetry.jsonl").toString()), 0);
        int halfRate = (int) Math.max(1, server.report.get("packetsPerSecond").asDouble() / 2);
        Leg half = leg("ingestion, half rate", List.of(java(), "-jar", jar, "run", "--host", "127.0.0.1", "--port", "0",
                "--telemetry", dir.resolve("telemetry-half.jsonl").toString()), halfRate);
        System.out.printf("%-24s %14s %10s %10s %12s %12s%n", "leg", "records/s", "ackP50ms", "ackP99ms", "serverCpuS", "simCpuS");
        for (Leg l : List.of(baseline, server, half)) {
            System.out.printf("%-24s %,14.0f %10.2f %10.2f %12.2f %12.2f%n", l.name, l.report.get("recordsPerSecond").asDouble(),
                    l.report.get("ackP50Ms").asDouble(), l.report.get("ackP99Ms").asDouble(), l.serverCpu, l.simulatorCpu);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("devices", devices);
        result.put("recordsPerPacket", records);
        result.put("baselineRecordsPerSecond", baseline.report.get("recordsPerSecond").asDouble());
        result.put("recordsPerSecond", server.report.get("recordsPerSecond").asDouble());
        result.put("ratioToBaseline", server.report.get("recordsPerSecond").asDouble() / baseline.report.get("recordsPerSecond").asDouble());
        result.put("serverCpuSeconds", server.serverCpu);
        result.put("simulatorCpuSeconds", server.simulatorCpu);
        result.put("serverCpuShare", server.serverCpu / (server.serverCpu + server.simulatorCpu));
        result.put("halfRatePacketsPerSecond", halfRate);
        result.put("halfRateAckP50Ms", half.report.get("ackP50Ms").asDouble());
        result.put("halfRateAckP99Ms", half.report.get("ackP99Ms").asDouble());
        result.put("wrongAcks", baseline.report.get("wrongAcks").asLong() + server.report.get("wrongAcks").asLong()
                + half.report.get("wrongAcks").asLong());
        System.out.println(json.writeValueAsString(result));
    }

    private Leg leg(String name, List<String> serverCommand, int rate) throws Exception {
        Process server = new ProcessBuilder(serverCommand).redirectErrorStream(true).start();
        try {
            int port = awaitPort(server);
            List<String> simulate = new ArrayList<>(List.of(java(), "-jar", jar, "simulate", "--host", "127.0.0.1",
                    "--port", Integer.toString(port), "--devices", Integer.toString(devices), "--records",
                    Integer.toString(records), "--codec", "8E", "--duration", duration, "--rate", Integer.toString(rate), "--json"));
            Process simulator = new ProcessBuilder(simulate).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            double serverCpuBefore = cpuSeconds(server.pid());
            double simulatorCpu = 0;
            while (!simulator.waitFor(100, TimeUnit.MILLISECONDS)) {
                simulatorCpu = Math.max(simulatorCpu, cpuSeconds(simulator.pid()));
            }
            double serverCpu = cpuSeconds(server.pid()) - serverCpuBefore;
            String out = new String(simulator.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            String last = out.substring(out.lastIndexOf('\n') + 1);
            JsonNode report = json.readTree(last);
            System.out.println(name + ": " + last);
            return new Leg(name, report, serverCpu, simulatorCpu);
        } finally {
            server.destroy();
            server.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private static int awaitPort(Process server) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        while (lines.readLine() != null) {
                            // Keeps the pipe from filling up while the server logs.
                        }
                    } catch (IOException e) {
                        // The server went away; nothing more to read.
                    }
                }, "server-output");
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new IOException("the server exited before it listened");
    }

    /** utime + stime of a process, in seconds, from /proc (0 once it is gone). */
    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private record Leg(String name, JsonNode report, double serverCpu, double simulatorCpu) {
    }
}
