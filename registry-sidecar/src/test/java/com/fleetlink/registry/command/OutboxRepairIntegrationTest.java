package com.fleetlink.registry.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fleetlink.registry.testkit.SharedRedis;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An outbox left behind between a script and its drain (a crash, a failed {@code XADD}) reaches the
 * event stream through the periodic repair, and the pending count says how many are left.
 */
@Tag("integration")
class OutboxRepairIntegrationTest {
    private static final String IMEI = "356307042441013";

    @RegisterExtension
    static final SharedRedis REDIS = new SharedRedis();

    private final RedisCommandStore store = new RedisCommandStore(REDIS.async(), CommandStoreOptions.DEFAULTS);

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static List<StreamMessage<String, String>> events() {
        return REDIS.sync().xread(XReadArgs.StreamOffset.from(CommandKeys.EVENTS, "0"));
    }

    /** An enqueue whose drain fails: the stream key holds a string, so every XADD is refused. */
    private void enqueueWithTheStreamBroken(String id) {
        REDIS.sync().set(CommandKeys.EVENTS, "not a stream");
        assertThatThrownBy(() -> await(store.enqueue(CommandRequest.of(id, IMEI, "getver".getBytes(StandardCharsets.UTF_8), true))))
                .hasMessageContaining("WRONGTYPE");
        REDIS.sync().del(CommandKeys.EVENTS);
    }

    /** Ages the outbox mark past the repair's wait, as if the drain had been missing for that long. */
    private static void ageTheMark() {
        long old = System.currentTimeMillis() - RedisCommandStore.OUTBOX_REPAIR_AGE.toMillis() - 1_000;
        REDIS.sync().zadd(CommandKeys.OUTBOX_INDEX, (double) old, IMEI);
    }

    @Test
    void transition_whenDrained_leavesNoOutboxMark() throws Exception {
        await(store.enqueue(CommandRequest.of("c1", IMEI, "getver".getBytes(StandardCharsets.UTF_8), true)));

        assertThat(REDIS.sync().zcard(CommandKeys.OUTBOX_INDEX)).isZero();
        assertThat(await(store.repairOutboxes(100))).isZero();
    }

    @Test
    void repair_whenADrainFailedLongEnoughAgo_movesTheEntriesToTheStreamAndCountsNoneLeft() throws Exception {
        enqueueWithTheStreamBroken("c1");
        assertThat(REDIS.sync().llen(CommandKeys.outbox(IMEI))).isEqualTo(1);
        ageTheMark();

        long pending = await(store.repairOutboxes(100));

        assertThat(events()).singleElement().satisfies(e -> assertThat(e.getBody())
                .containsEntry("id", "c1").containsEntry("status", "queued"));
        assertThat(REDIS.sync().exists(CommandKeys.outbox(IMEI))).isZero();
        assertThat(pending).isZero();
    }

    @Test
    void repair_whenTheMarkIsYoung_leavesTheDrainUnderWayAloneAndCountsIt() throws Exception {
        enqueueWithTheStreamBroken("c1");

        long pending = await(store.repairOutboxes(100));

        assertThat(pending).isEqualTo(1);
        assertThat(events()).isEmpty();
        assertThat(REDIS.sync().llen(CommandKeys.outbox(IMEI))).isEqualTo(1);
    }
}
