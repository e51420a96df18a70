package com.fleetlink.registry.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetlink.protocol.local.LocalMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The line format: what each factory writes, and that a line reads back into the same entry. */
class EventLogEntryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMEI = "356307042441013";

    @Test
    void line_whenReceivedRegister_thenHoldsItsFieldsInOrder() {
        EventLogEntry e = EventLogEntry.received(1718022000123L, new LocalMessage.Register(IMEI, 17, 1718022000120L, 42));

        assertThat(e.toString()).isEqualTo("{\"ts\":1718022000123,\"kind\":\"received\",\"type\":\"register\","
                + "\"imei\":\"356307042441013\",\"conn\":17,\"seq\":42,\"at\":1718022000120}");
    }

    @Test
    void line_whenFieldsAbsent_thenOmitsThem() throws Exception {
        JsonNode line = JSON.readTree(EventLogEntry.redis(5, "heartbeat", null, "stale").toString());

        assertThat(line.fieldNames()).toIterable().containsExactly("ts", "kind", "type", "outcome");
        assertThat(line.get("outcome").asText()).isEqualTo("stale");
    }

    @Test
    void factories_whenCommonCases_thenMatchTheDocumentedExamples() {
        assertThat(EventLogEntry.redis(1718022000125L, "register", IMEI, "fresh").toString()).isEqualTo(
                "{\"ts\":1718022000125,\"kind\":\"redis\",\"type\":\"register\",\"imei\":\"356307042441013\",\"outcome\":\"fresh\"}");
        assertThat(EventLogEntry.redisConflict(1718022000130L, "repair", "356307042441014", "ingest-b").toString()).isEqualTo(
                "{\"ts\":1718022000130,\"kind\":\"redis\",\"type\":\"repair\",\"imei\":\"356307042441014\","
                        + "\"outcome\":\"conflict\",\"instance\":\"ingest-b\"}");
        assertThat(EventLogEntry.session(1718022000200L, "attached", "v=1 pid=812 boot=4f2a9c").toString()).isEqualTo(
                "{\"ts\":1718022000200,\"kind\":\"session\",\"type\":\"attached\",\"detail\":\"v=1 pid=812 boot=4f2a9c\"}");
        assertThat(EventLogEntry.lifecycle(1718021990000L, "start", "ingest-a", null).toString()).isEqualTo(
                "{\"ts\":1718021990000,\"kind\":\"lifecycle\",\"type\":\"start\",\"instance\":\"ingest-a\"}");
        assertThat(EventLogEntry.redis(1, "unregister", IMEI, "failed", "connection refused").detail())
                .contains("connection refused");
    }

    @Test
    void received_whenEachMessageType_thenCarriesItsFields() {
        EventLogEntry unregister = EventLogEntry.received(1, new LocalMessage.Unregister(IMEI, 3, 2, 9, "idle"));
        assertThat(unregister.reason()).contains("idle");
        assertThat(unregister.seq()).hasValue(9);
        assertThat(unregister.conn()).hasValue(3);

        EventLogEntry chunk = EventLogEntry.received(1, new LocalMessage.Snapshot("s1",
                List.of(new LocalMessage.HeldDevice(IMEI, 1), new LocalMessage.HeldDevice("356307042441014", 2)), true));
        assertThat(chunk.type()).isEqualTo("snapshot");
        assertThat(chunk.snap()).contains("s1");
        assertThat(chunk.count()).hasValue(2);
        assertThat(chunk.detail()).contains("last");
        assertThat(chunk.devices()).containsExactly(new LocalMessage.HeldDevice(IMEI, 1), new LocalMessage.HeldDevice("356307042441014", 2));
        assertThat(chunk.toString()).endsWith(",\"devices\":[[\"" + IMEI + "\",1],[\"356307042441014\",2]]}");
        EventLogEntry middle = EventLogEntry.received(1, new LocalMessage.Snapshot("s1", List.of(), false));
        assertThat(middle.detail()).isEmpty();

        assertThat(EventLogEntry.received(1, new LocalMessage.Hello(1, 812, "4f2a9c")).detail())
                .contains("v=1 pid=812 boot=4f2a9c");
        EventLogEntry shutdown = EventLogEntry.received(1, new LocalMessage.Shutdown(7, 8));
        assertThat(shutdown.at()).hasValue(7);
        assertThat(shutdown.seq()).hasValue(8);
        assertThat(EventLogEntry.received(1, new LocalMessage.Pong(4)).count()).hasValue(4);
        assertThat(EventLogEntry.received(1, new LocalMessage.ControlRequest(LocalMessage.ControlCommand.FLUSH)).type())
                .isEqualTo("flush");
        EventLogEntry resync = EventLogEntry.received(1, new LocalMessage.Resync());
        assertThat(resync.toString()).isEqualTo("{\"ts\":1,\"kind\":\"received\",\"type\":\"resync\"}");
    }

    @Test
    void parse_whenEveryFieldSet_thenReadsBackTheSameEntry() throws Exception {
        EventLogEntry all = EventLogEntry.builder(-1, "redis", "register").imei("ünïcode \"quoted\"\nnewline")
                .conn(Long.MAX_VALUE).seq(0).at(Long.MIN_VALUE).reason("r").outcome("o").detail("d\te")
                .count(3).snap("s").instance("i").devices(List.of(new LocalMessage.HeldDevice(IMEI, 7))).build();
        byte[] line = all.toString().getBytes(StandardCharsets.UTF_8);

        assertThat(new String(line, StandardCharsets.UTF_8)).doesNotContain("\n");
        assertThat(EventLogJson.parse(line, 0, line.length)).isEqualTo(all).hasSameHashCodeAs(all);
        assertThat(all.toBuilder().build()).isEqualTo(all);
        assertThat(all.toBuilder().count(4).build()).isNotEqualTo(all);
    }

    @Test
    void parse_whenUnknownFieldOrNull_thenIgnoresIt() throws Exception {
        byte[] line = "{\"ts\":3,\"future\":{\"a\":[1,{\"b\":null}]},\"kind\":\"k\",\"type\":\"t\",\"imei\":null}"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(EventLogJson.parse(line, 0, line.length)).isEqualTo(EventLogEntry.builder(3, "k", "t").build());
    }

    @Test
    void parse_whenNotAnEntry_thenSaysWhy() {
        assertThat(reasonFor("{\"ts\":1,\"kind\":\"k\"}")).contains("missing");
        assertThat(reasonFor("{\"ts\":\"1\",\"kind\":\"k\",\"type\":\"t\"}")).contains("ts");
        assertThat(reasonFor("{\"ts\":1,\"kind\":\"k\",\"type\":\"t\",\"conn\":1.5}")).contains("conn");
        assertThat(reasonFor("[1]")).contains("not a JSON object");
        assertThat(reasonFor("{\"ts\":1,\"kind\":\"k\",\"type\":\"t\",\"devices\":[[\"x\"]]}")).contains("devices");
        assertThat(reasonFor("{\"ts\":1,\"kind\":\"k\",\"type\":\"t\",\"devices\":{}}")).contains("devices");
        assertThat(reasonFor("{\"ts\":1,\"kind\":\"k\",\"type\":\"t\"} {}")).contains("after");
        assertThat(reasonFor("{\"ts\":1,\"kind\":\"rec")).isNotBlank();
    }

    @Test
    void builder_whenKindOrTypeBlank_thenRejects() {
        assertThatThrownBy(() -> EventLogEntry.builder(1, " ", "t")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("kind");
        assertThatThrownBy(() -> EventLogEntry.builder(1, "k", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("type");
    }

    private static String reasonFor(String text) {
        byte[] line = text.getBytes(StandardCharsets.UTF_8);
        try {
            EventLogJson.parse(line, 0, line.length);
        } catch (EventLogJson.MalformedLineException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted " + text);
    }
}
