package com.fleetlink.registry.janitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.protocol.local.LocalMessage.Register;
import com.fleetlink.registry.SidecarDaemon;
import com.fleetlink.registry.core.SidecarOptions;
import com.fleetlink.registry.redis.ConnectionRegistry;
import com.fleetlink.registry.redis.RedisSettings;
import com.fleetlink.registry.socket.LocalSocketSettings;
import com.fleetlink.registry.testkit.LocalClient;
import com.fleetlink.registry.testkit.RecordingJournal;
import com.fleetlink.registry.testkit.SidecarHarness;
import com.fleetlink.testkit.AdminEndpoint;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisClusterProcess;
import com.fleetlink.testkit.RedisSentinelSetup;
import com.fleetlink.testkit.RedisServerProcess;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The janitor through a real failover (issue 10): three sidecars, each with its janitor and its
 * devices, reach Redis through Sentinel or as a Redis Cluster client. Replication is cut (the replica
 * paused and its link dropped), more devices register on the master alone, then the master is killed
 * and the replica promoted: it has lost those writes, and every heartbeat key it holds has expired.
 * The registry must converge on the new master (every held device names its holder, every heartbeat
 * is back) and no janitor may delete a live instance's field, while the fields of an instance that
 * died with the old master are cleaned there.
 */
@Tag("integration")
class JanitorFailoverIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JanitorOptions JANITOR = new JanitorOptions(Duration.ofMillis(200), 0,
            JanitorOptions.DEFAULT_BREAKER_HOLD, false, true);
    private static final String REGISTRY = ConnectionRegistry.REGISTRY_KEY;
    private static final List<String> PODS = List.of("pod-a", "pod-b", "pod-c");
    /** The pod that reconnects with the production backoff, so it is back last. */
    private static final String LATE = "pod-c";
    /** Heartbeats (like the original registry) until the master dies, and never again. */
    private static final String GONE = "pod-gone";
    private static final int SYNCED = 20;
    private static final int UNSYNCED = 10;

    @TempDir
    Path dir;

    private final List<SidecarDaemon> daemons = new ArrayList<>();
    private final List<LocalClient> ingestions = new ArrayList<>();
    private final Map<String, RecordingJournal> journals = new LinkedHashMap<>();
    private final Map<String, List<String>> held = new HashMap<>();
    private final ScheduledExecutorService goneBeats = Executors.newSingleThreadScheduledExecutor();
    private Reads reads;

    /** A deployment whose master the test can take away, and how to read it as it stands. */
    private interface Deployment {
        String uri();

        boolean cluster();

        /** A client of the current master (through the current cluster topology). */
        Reads open();

        RedisServerProcess master();

        RedisServerProcess replica();

        /** Blocks until the replica serves as master, every part of the deployment agreeing. */
        void awaitPromoted();
    }

    /** A test client and its commands, closed together. */
    private record Reads(AbstractRedisClient client, RedisClusterCommands<String, String> sync) implements AutoCloseable {
        static Reads standalone(String uri) {
            RedisClient client = RedisClient.create(uri);
            return new Reads(client, client.connect().sync());
        }

        static Reads cluster(List<String> uris) {
            RedisClusterClient client = RedisClusterClient.create(uris.stream().map(RedisURI::create).toList());
            return new Reads(client, client.connect().sync());
        }

        @Override
        public void close() {
            // Without the default quiet period: the test waits for this in the middle of a failover.
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @AfterEach
    void stop() throws Exception {
        goneBeats.shutdownNow();
        for (LocalClient c : ingestions) {
            c.close();
        }
        daemons.forEach(SidecarDaemon::close);
        if (reads != null) {
            reads.close();
        }
    }

    @Test
    void sentinelFailover_registryConvergesOnTheNewMaster_andNoJanitorDeletesALiveEntry() throws Exception {
        try (RedisSentinelSetup sentinel = RedisSentinelSetup.start()) {
            failOver(new Deployment() {
                @Override
                public String uri() {
                    return sentinel.uri();
                }

                @Override
                public boolean cluster() {
                    return false;
                }

                @Override
                public Reads open() {
                    return Reads.standalone(sentinel.currentMaster().uri());
                }

                @Override
                public RedisServerProcess master() {
                    return sentinel.firstMaster();
                }

                @Override
                public RedisServerProcess replica() {
                    return sentinel.firstReplica();
                }

                @Override
                public void awaitPromoted() {
                    sentinel.awaitMaster(sentinel.firstReplica(), WAIT);
                }
            });
            for (String pod : PODS) {
                assertThat(journals.get(pod).startingWith("redis_connected"))
                        .as(pod + " announced its first connection and the one to the new master, no sentinel lookup")
                        .hasSize(2);
            }
        }
    }

    @Test
    void clusterFailover_registryConvergesOnThePromotedReplica_andNoJanitorDeletesALiveEntry() throws Exception {
        try (RedisClusterProcess cluster = RedisClusterProcess.startWithReplicas(Duration.ofMillis(1000))) {
            RedisServerProcess master = cluster.masterOf(REGISTRY);
            RedisServerProcess replica = cluster.replicaOf(master);
            failOver(new Deployment() {
                @Override
                public String uri() {
                    return cluster.uri();
                }

                @Override
                public boolean cluster() {
                    return true;
                }

                @Override
                public Reads open() {
                    return Reads.cluster(cluster.uris());
                }

                @Override
                public RedisServerProcess master() {
                    return master;
                }

                @Override
                public RedisServerProcess replica() {
                    return replica;
                }

                @Override
                public void awaitPromoted() {
                    Poll.until(WAIT, Duration.ofMillis(200), replica + " serving the registry's slot",
                            () -> cluster.masterOf(REGISTRY) == replica);
                }
            });
        }
    }

    private void failOver(Deployment redis) throws Exception {
        reads = redis.open();
        List<String> goneDevices = devices(PODS.size(), 0, SYNCED);
        Map<String, String> goneFields = new HashMap<>();
        goneDevices.forEach(imei -> goneFields.put(imei, GONE));
        reads.sync().hset(REGISTRY, goneFields);
        goneBeats.scheduleAtFixedRate(() -> reads.sync().set(ConnectionRegistry.heartbeatKey(GONE), "1", SetArgs.Builder.ex(2)),
                0, 300, TimeUnit.MILLISECONDS);
        for (String pod : PODS) {
            startPod(pod, redisSettings(pod, redis));
            register(pod, devices(PODS.indexOf(pod), 0, SYNCED));
        }
        Poll.until(WAIT, "every pod's devices registered", this::converged);
        Poll.until(WAIT, "the replica caught up", redis.master()::replicasCaughtUp);

        redis.replica().pause();
        redis.master().dropReplicas();
        Map<String, List<String>> unsynced = new HashMap<>();
        for (String pod : PODS) {
            unsynced.put(pod, devices(PODS.indexOf(pod), SYNCED, UNSYNCED));
            register(pod, unsynced.get(pod));
        }
        Poll.until(WAIT, "the unsynced registrations on the master", this::converged);
        goneBeats.shutdownNow();
        goneBeats.awaitTermination(5, TimeUnit.SECONDS);
        redis.master().kill();
        redis.replica().resume();
        redis.awaitPromoted();
        reads.close();
        reads = redis.open();

        Poll.until(WAIT, "the registry converged on the new master and the dead instance's fields gone",
                () -> converged() && namingCount(GONE) == 0);
        for (String pod : PODS) {
            RecordingJournal journal = journals.get(pod);
            assertThat(unsynced.get(pod)).as(pod + "'s registrations the promoted replica had lost, restored")
                    .allSatisfy(imei -> assertThat(journal.has("repair " + imei + " restored")).as(imei).isTrue());
            assertThat(journal.startingWith("janitor_delete")).as(pod + "'s janitor deleted only the dead instance's fields")
                    .allSatisfy(line -> assertThat(line).endsWith(" deleted " + GONE));
        }
        double deleted = 0;
        for (SidecarDaemon daemon : daemons) {
            deleted += AdminEndpoint.onPort(daemon.metricsPort()).value("teltonika_janitor_deleted_total");
        }
        assertThat(deleted).as("fields the janitors deleted").isEqualTo(goneDevices.size());
    }

    /**
     * The harness' short timeouts, except that {@link #LATE} reconnects with the production backoff
     * (up to 2 s between attempts): it comes back to the new master well after the others, the
     * window in which their janitors find its heartbeat gone while they and Redis answer.
     */
    private static RedisSettings redisSettings(String pod, Deployment redis) {
        return new RedisSettings(redis.uri(), redis.cluster(), Duration.ofMillis(500),
                pod.equals(LATE) ? RedisSettings.DEFAULT_RECONNECT_CAP : Duration.ofMillis(200));
    }

    /**
     * The harness' short intervals, with two allowances for a loaded two-core machine that runs a
     * failover, three sidecars and up to six Redis processes at once: pings every second (the
     * test's ingestions are not under test), and a death confirmed after 3 s instead of 0.6 s. The
     * confirmation must outlast a live sidecar's way back to the new master (up to its 2 s reconnect
     * backoff), as its 60 s default outlasts that in production.
     */
    private static SidecarOptions options(String id) {
        return new SidecarOptions(id, SidecarHarness.HEARTBEAT, SidecarHarness.TTL, SidecarHarness.GRACE,
                SidecarOptions.DEFAULT_FRESHNESS, SidecarHarness.RECONCILE, Duration.ofSeconds(1), Duration.ofMillis(1),
                Duration.ofSeconds(3));
    }

    private void startPod(String id, RedisSettings redis) throws Exception {
        Path socket = dir.resolve(id + "/registry.sock");
        RecordingJournal journal = new RecordingJournal();
        journals.put(id, journal);
        daemons.add(SidecarHarness.start(options(id), JANITOR, redis, LocalSocketSettings.defaults(socket), journal));
        ingestions.add(LocalClient.attachEmpty(socket, id + "-boot", WAIT));
        held.put(id, new ArrayList<>());
    }

    /** IMEIs {@code first} to {@code first + count - 1} of the instance numbered {@code instance}. */
    private static List<String> devices(int instance, int first, int count) {
        long base = 356307040000000L + 1000L * instance;
        List<String> imeis = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            imeis.add(Long.toString(base + i));
        }
        return imeis;
    }

    private void register(String pod, List<String> imeis) throws Exception {
        LocalClient ingestion = ingestions.get(PODS.indexOf(pod));
        List<String> devices = held.get(pod);
        for (String imei : imeis) {
            devices.add(imei);
            ingestion.send(new Register(imei, devices.size(), System.currentTimeMillis(), devices.size()));
        }
    }

    /** Every pod's heartbeat stands and every device it holds names it, as {@link #reads} sees Redis. */
    private boolean converged() {
        Map<String, String> registry = reads.sync().hgetall(REGISTRY);
        for (String pod : PODS) {
            if (reads.sync().exists(ConnectionRegistry.heartbeatKey(pod)) != 1) {
                return false;
            }
            for (String imei : held.get(pod)) {
                if (!pod.equals(registry.get(imei))) {
                    return false;
                }
            }
        }
        return true;
    }

    private long namingCount(String instance) {
        return reads.sync().hvals(REGISTRY).stream().filter(instance::equals).count();
    }
}
