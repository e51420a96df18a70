package com.fleetlink.registry.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.registry.command.CommandDispatchOptions;
import com.fleetlink.registry.command.CommandStore;
import com.fleetlink.registry.core.Journal;
import com.fleetlink.registry.core.SidecarCore;
import com.fleetlink.registry.metrics.SidecarMetrics;
import com.fleetlink.registry.store.RegistryStore;
import com.fleetlink.testkit.MetricsText;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The order in which a connect's clock read and a drop reach the core loop. Lettuce reports a drop
 * and fails the commands in flight on its own threads, so the core may hear "disconnected" before
 * the {@code TIME} sent on connect comes back failed; that late answer must not bring the link up.
 */
class RedisConnectRaceTest {
    private static final String ID = "pod-a";

    private final SimScheduler scheduler = new SimScheduler(1_000_000);
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final SidecarCore core = new SidecarCore(new SimLoop(scheduler, new HostClock(scheduler, 0)), SimEnv.options(ID),
            CommandDispatchOptions.defaults(), new SidecarMetrics(registry), Journal.NONE);
    private final CompletableFuture<Long> time = new CompletableFuture<>();

    @Test
    void redisConnected_whenTheDropArrivesBeforeTimeFails_thenTheLinkStaysDown() {
        core.redisConnected(store(), unused(CommandStore.class));
        runDue();
        core.redisDisconnected();
        runDue();
        time.completeExceptionally(new IOException("connection closed"));
        runDue();

        assertThat(core.link().store()).as("the link of a dropped connection").isNull();
        assertThat(MetricsText.scrape(registry).value("teltonika_registry_redis_connected")).isZero();
    }

    @Test
    void redisConnected_whenTimeFailsOnAConnectionStillUp_thenTheLinkComesUpAllTheSame() {
        RegistryStore store = store();
        core.redisConnected(store, unused(CommandStore.class));
        runDue();
        time.completeExceptionally(new IOException("NOPERM this user has no permissions to run the 'time' command"));
        runDue();

        assertThat(core.link().store()).isSameAs(store);
        assertThat(MetricsText.scrape(registry).value("teltonika_registry_redis_connected")).isEqualTo(1.0);
    }

    private void runDue() {
        scheduler.runUntil(scheduler.nowMillis(), () -> { });
    }

    /** A store whose {@code TIME} answers when the test says; nothing else it is asked ever answers. */
    private RegistryStore store() {
        return (RegistryStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {RegistryStore.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "time" -> time;
                    case "instanceId" -> ID;
                    case "toString" -> "store";
                    default -> new CompletableFuture<>();
                });
    }

    private static <T> T unused(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> method.getName().equals("toString") ? "unused" : new CompletableFuture<>()));
    }
}
