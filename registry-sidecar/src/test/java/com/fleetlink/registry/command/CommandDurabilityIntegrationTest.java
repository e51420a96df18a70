package com.fleetlink.registry.command;

import static com.fleetlink.registry.command.DispatchFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.protocol.local.LocalMessage.Command;
import com.fleetlink.registry.testkit.CommandRun;
import com.fleetlink.registry.testkit.LocalClient;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --command-durability} in the real daemon against a real primary {@code redis-server} and a
 * real replica of it: a claim is written only once Redis confirmed it with the durability asked for;
 * otherwise it goes back to the queue unwritten and is counted.
 */
@Tag("integration")
class CommandDurabilityIntegrationTest {
    /** Within the harness' 500 ms Redis command timeout. */
    private static final ClaimDurability ONE_REPLICA = ClaimDurability.parse("replicas:1/200ms");
    private static final String FAILED = "teltonika_sidecar_command_durability_failed_total";

    private static RedisServerProcess primary;
    private static RedisServerProcess replica;

    @TempDir
    Path dir;

    private DispatchFixture fixture;

    @BeforeAll
    static void startRedis() {
        primary = RedisServerProcess.start();
        replica = RedisServerProcess.start("--replicaof", primary.host(), Integer.toString(primary.port()));
    }

    @AfterAll
    static void stopRedis() {
        replica.close();
        primary.close();
    }

    @BeforeEach
    void connect() {
        fixture = new DispatchFixture(primary.uri(), dir);
        Poll.until(WAIT, "the replica has caught up", primary::replicasCaughtUp);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private LocalClient start(ClaimDurability durability) throws Exception {
        return fixture.start(DispatchFixture.options(CommandStoreOptions.DEFAULTS.withDurability(durability)), primary.uri());
    }

    @Test
    void claim_whenTheReplicaAcknowledgesIt_thenWritten() throws Exception {
        LocalClient ingestion = start(ONE_REPLICA);

        fixture.enqueueAndWake(DispatchFixture.request("c1", "getver", 1));

        assertThat(ingestion.await(Command.class, WAIT).attempt()).isEqualTo(1);
        assertThat(fixture.metric(FAILED)).isZero();
    }

    @Test
    void claim_whenTheReplicaIsPaused_thenNotWrittenAndQueuedAgainUntilItAcknowledges() throws Exception {
        LocalClient ingestion = start(ONE_REPLICA);
        replica.pause();
        try {
            fixture.enqueueAndWake(DispatchFixture.request("c1", "getver", 1));

            Poll.until(WAIT, "the claim is found unconfirmed", () -> fixture.metric(FAILED) == 1.0);
            fixture.awaitStatus("c1", CommandStatus.QUEUED);
            StoredCommand c = fixture.stored("c1");
            assertThat(c.reason()).isEqualTo("durability");
            assertThat(c.writes()).isZero();
            fixture.assertNoCommand(Duration.ofMillis(500));
        } finally {
            replica.resume();
        }
        Poll.until(WAIT, "the replica has caught up", primary::replicasCaughtUp);

        fixture.enqueueAndWake(DispatchFixture.request("c1", "getver", 1));

        assertThat(ingestion.await(Command.class, WAIT).attempt()).isEqualTo(2);
    }

    @Test
    void claim_whenRedisCannotRunWaitaof_thenNeverWritten() throws Exception {
        start(ClaimDurability.parse("aof/200ms"));

        fixture.enqueueAndWake(DispatchFixture.request("c1", "getver", 1));

        Poll.until(WAIT, "the claim is found unconfirmed", () -> fixture.metric(FAILED) >= 1.0);
        fixture.awaitStatus("c1", CommandStatus.QUEUED);
        assertThat(fixture.stored("c1").writes()).isZero();
        fixture.assertNoCommand(Duration.ofMillis(500));
    }

    @Test
    @Timeout(30)
    void run_whenAofAskedOfARedisWithoutWaitaofOrAof_thenRefusedInOneLine() {
        CommandRun run = CommandRun.execute("run", "--socket", dir.resolve("r.sock").toString(), "--redis", primary.uri(),
                "--instance-id", "pod-a", "--event-log", dir.resolve("log").toString(), "--command-durability", "aof");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err().strip()).doesNotContain("\n").contains("--command-durability aof needs");
    }
}
