package com.fleetlink.bench.chaos;

import com.fleetlink.bench.registry.RespClient;
import com.fleetlink.bench.registry.Stats;
import com.fleetlink.testkit.Pod;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServerProcess;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code instanceKill} fault: the third instance's sidecar and ingestion get SIGKILL in the same
 * instant and stay dead. Before the signal, the fleet stops connecting to it and some of the devices
 * there go offline for good; the others move on when their sockets are reset. The fault lasts until
 * no registry field names the instance any more (only a janitor can delete those of the offline
 * devices) or {@code cleanupTimeout} has passed; the checker's {@code killedInstanceFieldsLeft} tells
 * which.
 */
final class InstanceKill {
    private final Pod victim;
    private final Fleet fleet;
    private final RedisServerProcess redis;
    private final int offlinePercent;
    private final Duration cleanupTimeout;
    private final Map<String, Object> report = new LinkedHashMap<>();

    /**
     * @param offlinePercent of the devices connected to the victim, how many in a hundred go offline with it
     * @param cleanupTimeout how long the fault waits for the victim's fields to go
     */
    InstanceKill(Pod victim, Fleet fleet, RedisServerProcess redis, int offlinePercent, Duration cleanupTimeout) {
        this.victim = victim;
        this.fleet = fleet;
        this.redis = redis;
        this.offlinePercent = offlinePercent;
        this.cleanupTimeout = cleanupTimeout;
        report.put("instance", victim.id());
        report.put("injected", false);
    }

    /** The instance it kills. */
    String instance() {
        return victim.id();
    }

    /** Kills both processes, then waits for the registry to let go of the instance; {@code seed} picks the offline devices. */
    synchronized void inject(long seed) {
        int offline = fleet.instanceKilled(victim.id(), offlinePercent, seed);
        long killedNanos = System.nanoTime();
        // Both signals leave before either death is awaited: the pod is lost as one, as when its node goes.
        ProcessHandle.of(victim.sidecar().pid()).ifPresent(ProcessHandle::destroyForcibly);
        ProcessHandle.of(victim.ingestion().pid()).ifPresent(ProcessHandle::destroyForcibly);
        victim.sidecar().process().kill();
        victim.ingestion().process().kill();
        report.put("injected", true);
        report.put("devicesGoneOffline", offline);
        report.put("fieldsRightAfterKill", fieldsNamingVictim());
        long gone = Poll.untilOrTimeout(cleanupTimeout, Duration.ofMillis(100), () -> fieldsNamingVictim() == 0);
        report.put("fieldsGoneAfterSeconds", gone == Poll.TIMED_OUT ? null
                : Stats.round((gone - killedNanos) / 1e9, 2));
    }

    /** How many registry fields name the killed instance now. */
    long fieldsNamingVictim() {
        try (RespClient client = RespClient.connect(redis.port())) {
            return client.hashEntries(RegistryComparison.REGISTRY).values().stream().filter(victim.id()::equals).count();
        }
    }

    /** {@code {"instance", "injected", "devicesGoneOffline", "fieldsRightAfterKill", "fieldsGoneAfterSeconds"}}. */
    synchronized Map<String, Object> report() {
        return new LinkedHashMap<>(report);
    }
}
