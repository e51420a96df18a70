package com.fleetlink.bench.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The least Redis must do for {@link SidecarThroughput}'s events under the registry contract, with
 * no sidecar and no decision: what any writer of the contract, however fast, stays under here.
 *
 * <p>Design §4 keeps two hashes: a registration writes its field in {@code connections:registry}
 * and its decision stamp in {@code {connections:registry}:at}; a release deletes both. Here the
 * run's own IMEIs are written, into two hashes of that shape under keys of their own, in the
 * cheapest form those writes take: one multi-field {@code HSET}
 * per hash per 500 devices (the sidecar's batch), then one {@code HDEL} per hash per 500, all
 * pipelined on one connection, encoded before the clock starts. Nothing is read and nothing is
 * compared, so the checks the contract demands (rule 3's compare-and-delete, rule 4's stamps and
 * freshness) are left out: the figure is a ceiling, not a rival implementation. Each phase is timed
 * from the first byte sent to its last reply, as the sidecar's phases run from the first line to
 * {@code HLEN} showing them.
 */
final class ContractFloor {
    /**
     * The registry's shape under a key of its own: the sidecar under test runs meanwhile, and its
     * reconcile and janitor may delete fields that name it, or a dead instance, in the real registry.
     */
    static final String REGISTRY = "bench:contract-floor";
    /** The stamps' shape, in the same Cluster slot through the hash tag, as {@code {connections:registry}:at}. */
    static final String STAMPS = "{bench:contract-floor}:at";
    private static final int BATCH = 500;

    private ContractFloor() {
    }

    /**
     * Writes and then deletes the fields of devices {@code firstImei … firstImei+devices-1} naming
     * {@code instance}, on a connection of its own, and answers {@code contractFloorEventsPerSecond}
     * (2 × devices events over both phases) with each phase's seconds. Both hashes must be empty
     * before, and are again after.
     */
    static Map<String, Object> measure(int port, String instance, long firstImei, int devices) {
        String stamp = System.currentTimeMillis() + "|" + instance;
        List<String[]> writes = new ArrayList<>();
        List<String[]> deletes = new ArrayList<>();
        for (int from = 0; from < devices; from += BATCH) {
            int to = Math.min(from + BATCH, devices);
            writes.add(RegistryFill.hset(REGISTRY, firstImei, from, to, i -> instance));
            writes.add(RegistryFill.hset(STAMPS, firstImei, from, to, i -> stamp));
            deletes.add(hdel(REGISTRY, firstImei, from, to));
            deletes.add(hdel(STAMPS, firstImei, from, to));
        }
        byte[] writeBytes = RespClient.encode(writes);
        byte[] deleteBytes = RespClient.encode(deletes);
        try (RespClient client = RespClient.connect(port)) {
            expectEmpty(client, "before");
            long t0 = System.nanoTime();
            long written = pipeline(client, writeBytes, writes.size());
            long t1 = System.nanoTime();
            long deleted = pipeline(client, deleteBytes, deletes.size());
            long t2 = System.nanoTime();
            if (written != 2L * devices || deleted != 2L * devices) {
                throw new BenchFailure("the contract floor wrote " + written + " and deleted " + deleted + " fields of "
                        + 2L * devices);
            }
            expectEmpty(client, "after");
            double seconds = (t2 - t0) / 1e9;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("contractFloorEventsPerSecond", Stats.round(2.0 * devices / seconds, 0));
            // To the µs: a phase of a small run lasts a few ms, and whole ms would not add up to the rate above.
            m.put("contractFloorWriteSeconds", Stats.round((t1 - t0) / 1e9, 6));
            m.put("contractFloorDeleteSeconds", Stats.round((t2 - t1) / 1e9, 6));
            return m;
        }
    }

    /** One {@code HDEL} of the devices {@link RegistryFill#hset} wrote for the same arguments. */
    private static String[] hdel(String key, long first, int from, int to) {
        String[] command = new String[2 + to - from];
        command[0] = "HDEL";
        command[1] = key;
        for (int i = from; i < to; i++) {
            command[2 + i - from] = EventLines.imei(first + i);
        }
        return command;
    }

    /** Sends the commands at once and reads their replies; answers the sum of them (fields added or removed). */
    private static long pipeline(RespClient client, byte[] commands, int count) {
        client.sendEncoded(commands);
        client.flush();
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += (Long) client.read();
        }
        return sum;
    }

    private static void expectEmpty(RespClient client, String when) {
        long registry = client.hlen(REGISTRY);
        long stamps = client.hlen(STAMPS);
        if (registry != 0 || stamps != 0) {
            throw new BenchFailure("the contract floor found " + registry + " registry fields and " + stamps
                    + " stamps " + when + " its writes");
        }
    }
}
