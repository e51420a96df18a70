package com.fleetlink.bench.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Redis' own command-line tools, for the figures a benchmark compares the sidecar with. */
final class RedisTools {
    private RedisTools() {
    }

    /**
     * {@code redis-benchmark -p PORT -t hset -P 64 -n requests -q}: Redis' own HSET throughput with
     * 64-deep pipelining, the ceiling any writer of the registry hash could reach here.
     */
    static double hsetPerSecond(int port, int requests) {
        try {
            Process p = new ProcessBuilder("redis-benchmark", "-p", Integer.toString(port), "-t", "hset",
                    "-P", "64", "-n", Integer.toString(requests), "-q").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            // -q prints progress lines separated by \r, then "HSET: 123456.78 requests per second, p50=…".
            String[] parts = out.split("[\r\n]");
            for (int i = parts.length - 1; i >= 0; i--) {
                String line = parts[i].trim();
                int at = line.indexOf(" requests per second");
                if (line.startsWith("HSET:") && at > 0) {
                    return Double.parseDouble(line.substring("HSET:".length(), at).trim());
                }
            }
            throw new BenchFailure("redis-benchmark printed no HSET figure: " + out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted during redis-benchmark");
        }
    }

    /** {@code redis-server --version}, for the machine line. */
    static String version() {
        try {
            Process p = new ProcessBuilder("redis-server", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            int v = out.indexOf("v=");
            return v < 0 ? out : out.substring(v + 2, out.indexOf(' ', v));
        } catch (IOException e) {
            return "not found";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
