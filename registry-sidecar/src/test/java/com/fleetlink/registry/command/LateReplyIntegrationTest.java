package com.fleetlink.registry.command;

import static com.fleetlink.registry.command.DispatchFixture.IMEI;
import static com.fleetlink.registry.command.DispatchFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.protocol.local.LocalMessage.Command;
import com.fleetlink.protocol.local.LocalMessage.CommandFailed;
import com.fleetlink.protocol.local.LocalMessage.CommandReady;
import com.fleetlink.protocol.local.LocalMessage.CommandResult;
import com.fleetlink.protocol.local.LocalMessage.CommandSent;
import com.fleetlink.registry.testkit.LocalClient;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reply that comes after its command's response timeout ({@code command_result} with
 * {@code late: true}), through the real daemon into a real {@code redis-server}: stored beside its
 * command with a {@code late_reply} stream entry, never credited, and never stored on a later attempt.
 */
@Tag("integration")
class LateReplyIntegrationTest {
    private static RedisServerProcess redis;

    @TempDir
    Path dir;

    private DispatchFixture fixture;
    private LocalClient ingestion;

    @BeforeAll
    static void startRedis() {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void startDaemon() throws Exception {
        fixture = new DispatchFixture(redis.uri(), dir);
        ingestion = fixture.start(DispatchFixture.options(CommandStoreOptions.DEFAULTS), redis.uri());
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private static CommandResult late(String id, int attempt, String text) {
        return new CommandResult(id, IMEI, 7, attempt, text.getBytes(StandardCharsets.UTF_8), true, now());
    }

    /** Claims, writes and times out attempt {@code attempt} of {@code id}. */
    private void timeOut(String id, int attempt) throws Exception {
        Command line = ingestion.await(Command.class, WAIT);
        assertThat(line.attempt()).isEqualTo(attempt);
        ingestion.send(new CommandSent(id, IMEI, 7, attempt, now()));
        ingestion.send(new CommandFailed(id, IMEI, 7, attempt, "timeout", true, now()));
    }

    @Test
    void lateReply_whenOfTheCurrentAttempt_thenStoredOnTheHashAndTheStreamAndTheStatusStaysUnknown() throws Exception {
        fixture.enqueueAndWake(DispatchFixture.request("c1", "getver", 1));
        timeOut("c1", 1);
        fixture.awaitStatus("c1", CommandStatus.UNKNOWN);

        ingestion.send(late("c1", 1, "ver 1.2"));

        Poll.until(WAIT, "the late reply is stored", () -> {
            try {
                return fixture.stored("c1").lateResult().equals("ver 1.2");
            } catch (Exception e) {
                return false;
            }
        });
        StoredCommand c = fixture.stored("c1");
        assertThat(c.status()).isEqualTo(CommandStatus.UNKNOWN);
        assertThat(c.result()).isEmpty();
        assertThat(c.lateAt()).isGreaterThanOrEqualTo(c.finishedAt());
        Poll.until(WAIT, "the stream has the late reply", () -> fixture.streamEntries("c1").stream()
                .anyMatch(e -> "late_reply".equals(e.get("status"))));
        Map<String, String> entry = fixture.streamEntries("c1").stream()
                .filter(e -> "late_reply".equals(e.get("status"))).findFirst().orElseThrow();
        assertThat(entry).containsEntry("attempt", "1").containsEntry("result", "ver 1.2").containsEntry("requester", "ops");
        assertThat(fixture.metric("teltonika_sidecar_command_late_replies_total")).isEqualTo(1.0);
    }

    @Test
    void lateReply_whenOfAnOlderAttempt_thenNotStoredAndCountedStale() throws Exception {
        fixture.enqueueAndWake(DispatchFixture.request("c1", "getver", 2));
        timeOut("c1", 1);
        fixture.awaitStatus("c1", CommandStatus.QUEUED);
        ingestion.send(new CommandReady(IMEI, 7));
        Command retry = ingestion.await(Command.class, WAIT);
        assertThat(retry.attempt()).isEqualTo(2);

        ingestion.send(late("c1", 1, "ver 1.2"));

        Poll.until(WAIT, "the late reply is found stale", () ->
                fixture.metric("teltonika_sidecar_command_stale_outcomes_total") == 1.0);
        StoredCommand c = fixture.stored("c1");
        assertThat(c.lateResult()).isEmpty();
        assertThat(c.lateAt()).isEqualTo(StoredCommand.NO_TIME);
        assertThat(c.status()).isEqualTo(CommandStatus.DISPATCHING);
        assertThat(fixture.streamEntries("c1")).noneMatch(e -> "late_reply".equals(e.get("status")));
    }
}
