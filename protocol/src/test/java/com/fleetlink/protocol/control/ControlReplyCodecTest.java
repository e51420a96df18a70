package com.fleetlink.protocol.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fleetlink.protocol.control.DeviceStatusReply.OwnerLiveness;
import com.fleetlink.protocol.control.DeviceStatusReply.RegistryEntry;
import com.fleetlink.protocol.control.StatusReply.DuplicateInstance;
import com.fleetlink.protocol.control.StatusReply.EventLog;
import com.fleetlink.protocol.control.StatusReply.Heartbeat;
import com.fleetlink.protocol.control.StatusReply.Ingestion;
import com.fleetlink.protocol.control.StatusReply.KeyTtl;
import com.fleetlink.protocol.control.StatusReply.Reconcile;
import com.fleetlink.protocol.control.StatusReply.RoundTrip;
import com.fleetlink.protocol.control.StatusReply.Session;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every reply's line, key by key and in order, as the commands and tools of earlier versions read it;
 * and each line read back into the same record. A renamed record component fails here.
 */
class ControlReplyCodecTest {
    private static final String IMEI = "356307042441013";
    private static final ObjectMapper DATABIND = new ObjectMapper();

    private static final StatusReply.Janitor JANITOR_OFF = new StatusReply.Janitor(false, false, null, null, 0);

    private static final StatusReply HEALTHY = new StatusReply("pod-a", 3725, false,
            new Ingestion(true, new Session("2026-11-27T09:00:00Z", "boot-7", 42, 41, false)),
            new StatusReply.Redis("redis://redis:6379", true, "", new RoundTrip(0.5)),
            new Heartbeat(true, "2026-11-27T10:02:00Z", 3.5, false, new KeyTtl(87L)),
            3, true, 0,
            new Reconcile("2026-11-27T10:01:30Z", 2, 1, 4),
            new DuplicateInstance(false, null, null),
            new EventLog("events/events.log", 2048),
            true, List.of(),
            new StatusReply.Janitor(true, false, "pod-a", new StatusReply.Sweep("2026-11-27T10:01:00Z", 120, 3, 1,
                    List.of("pod-gone"), 40, 0, false, null), 40),
            new StatusReply.Commands(true, "always", 1, 0, Map.of("responded", 3L)));

    @Test
    void status_whenEverythingKnown_thenKeysInWireOrderAndReadsBackTheSame() {
        String line = encode(HEALTHY);

        assertThat(line).isEqualTo("{\"type\":\"status\",\"instance\":\"pod-a\",\"uptimeSeconds\":3725,\"released\":false,"
                + "\"ingestion\":{\"attached\":true,\"attachedSince\":\"2026-11-27T09:00:00Z\",\"boot\":\"boot-7\",\"events\":42,\"lastSeq\":41,\"probation\":false},"
                + "\"redis\":{\"uri\":\"redis://redis:6379\",\"connected\":true,\"lastError\":\"\",\"roundTripMs\":0.5},"
                + "\"heartbeat\":{\"active\":true,\"lastSuccess\":\"2026-11-27T10:02:00Z\",\"ageSeconds\":3.5,\"stale\":false,\"ttlSeconds\":87},"
                + "\"held\":3,\"heldComplete\":true,\"pending\":0,"
                + "\"reconcile\":{\"lastRun\":\"2026-11-27T10:01:30Z\",\"repaired\":2,\"conflicts\":1,\"released\":4},"
                + "\"duplicateInstance\":{\"detected\":false,\"since\":null,\"lastSeen\":null},"
                + "\"eventLog\":{\"path\":\"events/events.log\",\"bytes\":2048},"
                + "\"healthy\":true,\"problems\":[],"
                + "\"janitor\":{\"enabled\":true,\"dryRun\":false,\"sweeper\":\"pod-a\",\"lastSweep\":{\"at\":\"2026-11-27T10:01:00Z\","
                + "\"durationMs\":120,\"instances\":3,\"deadInstances\":1,\"dead\":[\"pod-gone\"],\"deleted\":40,\"wouldDelete\":0,"
                + "\"suspended\":false,\"note\":null},\"deletedSinceStart\":40},"
                + "\"commands\":{\"enabled\":true,\"persistence\":\"always\",\"inFlight\":1,\"backlog\":0,\"counts\":{\"responded\":3}}}\n");
        assertThat(ControlReplyCodec.decode(line, StatusReply.class)).isEqualTo(HEALTHY);
    }

    @Test
    void status_whenNoSessionAndRedisNotProbed_thenLeavesTheirFieldsOut() {
        StatusReply down = new StatusReply("pod-a", 5, false, new Ingestion(false, null),
                new StatusReply.Redis("redis://redis:6379", false, "Connection refused", null),
                new Heartbeat(true, null, null, true, null), 0, false, 0, new Reconcile(null, 0, 0, 0),
                new DuplicateInstance(false, null, null), new EventLog("events.log", 0), false,
                List.of("redis is not connected", "heartbeat is stale (no success for two intervals)"), JANITOR_OFF, null);

        assertThat(encode(down))
                .contains("\"ingestion\":{\"attached\":false},")
                .contains("\"redis\":{\"uri\":\"redis://redis:6379\",\"connected\":false,\"lastError\":\"Connection refused\"},")
                .contains("\"heartbeat\":{\"active\":true,\"lastSuccess\":null,\"ageSeconds\":null,\"stale\":true},")
                .contains("\"healthy\":false,\"problems\":[\"redis is not connected\",\"heartbeat is stale (no success for two intervals)\"],");
    }

    @Test
    void status_whenProbeUnanswered_thenWritesItsFieldsAsNull() {
        StatusReply silent = new StatusReply("pod-a", 5, false, new Ingestion(false, null),
                new StatusReply.Redis("redis://redis:6379", true, "", new RoundTrip(null)),
                new Heartbeat(true, null, null, false, new KeyTtl(null)), 0, false, 0, new Reconcile(null, 0, 0, 0),
                new DuplicateInstance(false, null, null), new EventLog("events.log", 0), false, List.of("redis did not answer in time"),
                JANITOR_OFF, null);

        String line = encode(silent);

        assertThat(line).contains("\"lastError\":\"\",\"roundTripMs\":null}").contains("\"stale\":false,\"ttlSeconds\":null}");
        assertThat(ControlReplyCodec.decode(line, StatusReply.class)).isEqualTo(silent);
    }

    @Test
    void status_whenNewerSidecarAddsFieldsOrOlderLacksThem_thenReadsWhatItKnows() {
        String newer = encode(HEALTHY).replace("\"healthy\":true", "\"outbox\":{\"queued\":null,\"removed\":[1,2]},\"healthy\":true")
                .replace("\"held\":3", "\"held\":3,\"heldBytes\":99");
        String older = "{\"type\":\"status\",\"instance\":\"pod-a\",\"held\":3}";

        assertThat(ControlReplyCodec.decode(newer, StatusReply.class)).isEqualTo(HEALTHY);
        StatusReply old = ControlReplyCodec.decode(older, StatusReply.class);
        assertThat(old.held()).isEqualTo(3);
        assertThat(old.eventLog()).isNull();
        assertThat(old.janitor()).isNull();
        assertThat(old.commands()).isNull();
    }

    @Test
    void deviceStatus_whenEveryReadSucceeded_thenKeysInWireOrderAndReadsBackTheSame() {
        DeviceStatusReply held = new DeviceStatusReply("pod-a", IMEI, true, 2L, "2026-11-27T09:00:00Z",
                new DeviceStatusReply.Redis(true, new RegistryEntry("pod-a", true, new OwnerLiveness(true)), null));
        String line = encode(held);

        assertThat(line).isEqualTo("{\"type\":\"status\",\"instance\":\"pod-a\",\"imei\":\"" + IMEI + "\",\"held\":true,"
                + "\"conn\":2,\"since\":\"2026-11-27T09:00:00Z\",\"redis\":{\"connected\":true,\"owner\":\"pod-a\","
                + "\"ownerIsThisInstance\":true,\"ownerHeartbeat\":true}}\n");
        assertThat(ControlReplyCodec.decode(line, DeviceStatusReply.class)).isEqualTo(held);
    }

    @Test
    void deviceStatus_whenNoEntry_thenOwnerAndHeartbeatAreNull() {
        DeviceStatusReply unknown = new DeviceStatusReply("pod-a", IMEI, false, null, null,
                new DeviceStatusReply.Redis(true, new RegistryEntry(null, false, new OwnerLiveness(null)), null));
        String line = encode(unknown);

        assertThat(line).isEqualTo("{\"type\":\"status\",\"instance\":\"pod-a\",\"imei\":\"" + IMEI + "\",\"held\":false,"
                + "\"conn\":null,\"since\":null,\"redis\":{\"connected\":true,\"owner\":null,\"ownerIsThisInstance\":false,"
                + "\"ownerHeartbeat\":null}}\n");
        assertThat(ControlReplyCodec.decode(line, DeviceStatusReply.class)).isEqualTo(unknown);
    }

    @Test
    void deviceStatus_whenAReadFailed_thenLeavesOutWhatItCouldNotLearnAndSaysWhy() {
        assertThat(redisPart(new DeviceStatusReply.Redis(false, null, "redis is not connected")))
                .isEqualTo("{\"connected\":false,\"error\":\"redis is not connected\"}");
        assertThat(redisPart(new DeviceStatusReply.Redis(true, null, "redis did not answer in time")))
                .isEqualTo("{\"connected\":true,\"error\":\"redis did not answer in time\"}");
        assertThat(redisPart(new DeviceStatusReply.Redis(true, new RegistryEntry("pod-b", false, null), "redis did not answer in time")))
                .isEqualTo("{\"connected\":true,\"owner\":\"pod-b\",\"ownerIsThisInstance\":false,\"error\":\"redis did not answer in time\"}");
    }

    @Test
    void flush_whenDone_thenNoErrorKey_whenFailed_thenErrorAfterOk() {
        FlushReply done = new FlushReply(true, null, 2, 1, 0, 3);
        FlushReply failed = new FlushReply(false, "redis disconnected during the flush", 0, 0, 0, 3);

        assertThat(encode(done)).isEqualTo("{\"type\":\"flush\",\"ok\":true,\"repaired\":2,\"released\":1,\"conflicts\":0,\"held\":3}\n");
        assertThat(encode(failed)).isEqualTo("{\"type\":\"flush\",\"ok\":false,\"error\":\"redis disconnected during the flush\","
                + "\"repaired\":0,\"released\":0,\"conflicts\":0,\"held\":3}\n");
        assertThat(ControlReplyCodec.decode(encode(done), FlushReply.class)).isEqualTo(done);
        assertThat(ControlReplyCodec.decode(encode(failed), FlushReply.class)).isEqualTo(failed);
    }

    @Test
    void release_thenKeysInWireOrderAndReadsBackTheSame() {
        ReleaseReply release = new ReleaseReply(5, 4, false);

        assertThat(encode(release)).isEqualTo("{\"type\":\"release\",\"held\":5,\"released\":4,\"ok\":false}\n");
        assertThat(ControlReplyCodec.decode(encode(release), ReleaseReply.class)).isEqualTo(release);
    }

    @Test
    void failed_thenTypeOkError_andReadsAsAFailedFlushOrReleaseWithNothingDone() {
        String line = encode(new FailedReply("flush", "java.lang.IllegalStateException: boom"));

        assertThat(line).isEqualTo("{\"type\":\"flush\",\"ok\":false,\"error\":\"java.lang.IllegalStateException: boom\"}\n");
        assertThat(ControlReplyCodec.failure(line)).contains(new FailedReply("flush", "java.lang.IllegalStateException: boom"));
        assertThat(ControlReplyCodec.decode(line, FlushReply.class))
                .isEqualTo(new FlushReply(false, "java.lang.IllegalStateException: boom", 0, 0, 0, 0));
        assertThat(ControlReplyCodec.decode(encode(new FailedReply("release", "boom")), ReleaseReply.class))
                .isEqualTo(new ReleaseReply(0, 0, false));
    }

    @Test
    void failure_whenTheRequestSucceeded_thenEmpty() {
        assertThat(ControlReplyCodec.failure(encode(HEALTHY))).isEmpty();
        assertThat(ControlReplyCodec.failure(encode(new FlushReply(true, null, 0, 0, 0, 0)))).isEmpty();
        assertThat(ControlReplyCodec.failure(encode(new ReleaseReply(1, 0, false)))).isEmpty();
        assertThat(ControlReplyCodec.failure("{\"type\":\"flush\",\"ok\":true,\"error\":\"a warning\"}")).isEmpty();
        assertThat(ControlReplyCodec.failure("not json")).isEmpty();
    }

    @Test
    void rejected_thenTypeErrorAndTheReason() {
        assertThat(encode(new RejectedReply("a control connection sends one of status, flush, release")))
                .isEqualTo("{\"type\":\"error\",\"error\":\"a control connection sends one of status, flush, release\"}\n");
    }

    @Test
    void decode_whenNotAReply_thenIllegalArgumentNamingTheExpectedReply() {
        assertThatThrownBy(() -> ControlReplyCodec.decode("<html>", StatusReply.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a StatusReply");
        assertThatThrownBy(() -> ControlReplyCodec.decode("{\"held\":\"many\"}", FlushReply.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a FlushReply");
    }

    /**
     * The codec's line, which must also be exactly what databind writes for the record: the codec
     * writes replies without it (see {@link ControlReplyWriter}), and every reply of this test is held
     * to both.
     */
    private static String encode(ControlReply reply) {
        String line = new String(ControlReplyCodec.encode(reply), StandardCharsets.UTF_8);
        try {
            assertThat(line).as("databind's bytes").isEqualTo(DATABIND.writeValueAsString(reply) + "\n");
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
        return line;
    }

    private static String redisPart(DeviceStatusReply.Redis redis) {
        String line = encode(new DeviceStatusReply("pod-a", IMEI, false, null, null, redis));
        return line.substring(line.indexOf("\"redis\":") + "\"redis\":".length(), line.length() - 2);
    }
}
