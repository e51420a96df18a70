package com.fleetlink.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code redis-cli} against a loopback port and returns what it printed: with its output not a
 * terminal, redis-cli prints each element of a reply on its own line, which the cluster and sentinel
 * helpers read without a Redis client of their own.
 */
final class RedisCli {
    private static final long TIMEOUT_SECONDS = 5;

    private RedisCli() {
    }

    /** The reply to {@code args} sent to port {@code port}; {@code null} when nothing answered in time. */
    static String run(int port, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        try {
            Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!cli.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                cli.destroyForcibly();
                return null;
            }
            String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return cli.exitValue() == 0 && !out.startsWith("Could not connect") ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
