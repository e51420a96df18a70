package com.fleetlink.registry.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.registry.core.LifecycleEvent;
import com.fleetlink.registry.core.RedisOperation;
import com.fleetlink.registry.core.RedisOutcome;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The line format: what each journal entry writes, and that a line reads back into the same entry. */
class EventLogEntryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMEI = "356307042441013";

    @Test
    void line_whenReceivedRegister_thenHoldsItsFieldsInOrder() {
        EventLogEntry e = JournalEntries.received(1718022000123L, new LocalMessage.Register(IMEI, 17, 1718022000120L, 42));

        assertThat(e.toString()).isEqualTo("{\"ts\":1718022000123,\"kind\":\"received\",\"type\":\"register\","
                + "\"imei\":\"356307042441013\",\"conn\":17,\"seq\":42,\"at\":1718022000120}");
    }

    @Test
    void line_whenFieldsAbsent_thenOmitsThem() throws Exception {
        JsonNode line = JSON.readTree(JournalEntries.redis(5, RedisOperation.HEARTBEAT, null, RedisOutcome.STALE, null).toString());

        assertThat(line.fieldNames()).toIterable().containsExactly("ts", "kind", "type", "outcome");
        assertThat(line.get("outcome").asText()).isEqualTo("stale");
    }

    @Test
    void journalEntries_whenCommonCases_thenMatchTheDocumentedExamples() {
        assertThat(JournalEntries.redis(1718022000125L, RedisOperation.REGISTER, IMEI, RedisOutcome.FRESH, null).toString()).isEqualTo(
                "{\"ts\":1718022000125,\"kind\":\"redis\",\"type\":\"register\",\"imei\":\"356307042441013\",\"outcome\":\"fresh\"}");
        assertThat(JournalEntries.redis(1718022000130L, RedisOperation.REPAIR, "356307042441014", RedisOutcome.CONFLICT, "ingest-b")
                .toString()).isEqualTo("{\"ts\":1718022000130,\"kind\":\"redis\",\"type\":\"repair\",\"imei\":\"356307042441014\","
                        + "\"outcome\":\"conflict\",\"detail\":\"ingest-b\"}");
        assertThat(JournalEntries.started(1718021990000L, "ingest-a").toString()).isEqualTo(
                "{\"ts\":1718021990000,\"kind\":\"lifecycle\",\"type\":\"start\",\"instance\":\"ingest-a\"}");
        assertThat(JournalEntries.lifecycle(1718022000200L, LifecycleEvent.SESSION_ATTACHED, "boot 4f2a9c pid 812").toString())
                .isEqualTo("{\"ts\":1718022000200,\"kind\":\"lifecycle\",\"type\":\"session_attached\",\"detail\":\"boot 4f2a9c pid 812\"}");
        assertThat(JournalEntries.redis(1, RedisOperation.UNREGISTER, IMEI, RedisOutcome.FAILED, "connection refused").detail())
                .contains("connection refused");
    }

    @Test
    void received_whenEachMessageType_thenCarriesItsFields() {
        EventLogEntry unregister = JournalEntries.received(1, new LocalMessage.Unregister(IMEI, 3, 2, 9, "idle"));
        assertThat(unregister.reason()).contains("idle");
        assertThat(unregister.seq()).hasValue(9);
        assertThat(unregister.conn()).hasValue(3);

        EventLogEntry chunk = JournalEntries.received(1, new LocalMessage.Snapshot("s1",
                List.of(new LocalMessage.HeldDevice(IMEI, 1), new LocalMessage.HeldDevice("356307042441014", 2)), true));
        assertThat(chunk.type()).isEqualTo("snapshot");
        assertThat(chunk.snap()).contains("s1");
        assertThat(chunk.count()).hasValue(2);
        assertThat(chunk.detail()).contains("last");
        assertThat(chunk.devices()).containsExactly(new LocalMessage.HeldDevice(IMEI, 1), new LocalMessage.HeldDevice("356307042441014", 2));
        assertThat(chunk.toString()).endsWith(",\"devices\":[[\"" + IMEI + "\",1],[\"356307042441014\",2]]}");
        EventLogEntry middle = JournalEntries.received(1, new LocalMessage.Snapshot("s1", List.of(), false));
        assertThat(middle.detail()).isEmpty();

        assertThat(JournalEntries.received(1, new LocalMessage.Hello(1, 812, "4f2a9c")).detail())
                .contains("v=1 pid=812 boot=4f2a9c");
        EventLogEntry shutdown = JournalEntries.received(1, new LocalMessage.Shutdown(7, 8));
        assertThat(shutdown.at()).hasValue(7);
        assertThat(shutdown.seq()).hasValue(8);
        assertThat(JournalEntries.received(1, new LocalMessage.Pong(4)).count()).hasValue(4);
        assertThat(JournalEntries.received(1, new LocalMessage.ControlRequest(LocalMessage.ControlCommand.FLUSH)).type())
                .isEqualTo("flush");
        EventLogEntry resync = JournalEntries.received(1, new LocalMessage.Resync());
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
    }

    @Test
    void imeiAndNumbers_whenKeptPackedAndUnboxed_thenReadAsGiven() throws Exception {
        // An IMEI with leading zeros is kept packed, the one-digit-longer string as it is; a zero is a value, not an absence.
        for (String imei : List.of("000000000000042", "0000000000000042", "35630704244101x")) {
            EventLogEntry e = EventLogEntry.builder(1, "received", "unregister").imei(imei).conn(0).at(0).build();
            byte[] line = e.toString().getBytes(StandardCharsets.UTF_8);

            assertThat(e.imei()).contains(imei);
            assertThat(e.conn()).hasValue(0);
            assertThat(e.seq()).isEmpty();
            assertThat(e.toString()).isEqualTo("{\"ts\":1,\"kind\":\"received\",\"type\":\"unregister\",\"imei\":\"" + imei
                    + "\",\"conn\":0,\"at\":0}");
            assertThat(EventLogJson.parse(line, 0, line.length)).isEqualTo(e);
        }
    }

    @Test
    void parse_whenUnknownFieldOrNull_thenIgnoresIt() throws Exception {
        byte[] line = "{\"ts\":3,\"future\":{\"a\":[1,{\"b\":null}]},\"kind\":\"k\",\"type\":\"t\",\"imei\":null}"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(EventLogJson.parse(line, 0, line.length)).isEqualTo(EventLogEntry.builder(3, "k", "t").build());
    }

    @Test
    void parse_whenWordsOfALaterVersion_thenKeepsThemAsWrittenAndSaysTheyAreUnknown() throws Exception {
        for (String later : List.of(
                "{\"ts\":1,\"kind\":\"janitor\",\"type\":\"sweep\"}",
                "{\"ts\":2,\"kind\":\"redis\",\"type\":\"teleport\",\"outcome\":\"fresh\"}",
                "{\"ts\":3,\"kind\":\"redis\",\"type\":\"register\",\"imei\":\"" + IMEI + "\",\"outcome\":\"teleported\"}",
                "{\"ts\":4,\"kind\":\"lifecycle\",\"type\":\"warp_engaged\"}")) {
            EventLogEntry entry = parse(later);

            assertThat(entry.toString()).isEqualTo(later);
            assertThat(entry.knownWords()).as(later).isFalse();
        }
        assertThat(parse("{\"ts\":5,\"kind\":\"redis\",\"type\":\"register\",\"outcome\":\"superseded\"}").knownWords()).isTrue();
        assertThat(parse("{\"ts\":6,\"kind\":\"lifecycle\",\"type\":\"probation_started\"}").knownWords()).isTrue();
        assertThat(parse("{\"ts\":7,\"kind\":\"received\",\"type\":\"a_later_message\"}").knownWords()).isTrue();
    }

    @Test
    void parse_whenNotAnEntry_thenSaysWhy() {
        assertThat(reasonFor("{\"ts\":1,\"kind\":\"k\"}")).contains("missing");
        assertThat(reasonFor("{\"ts\":1,\"kind\":\" \",\"type\":\"t\"}")).contains("missing");
        assertThat(reasonFor("{\"ts\":\"1\",\"kind\":\"k\",\"type\":\"t\"}")).contains("ts");
        assertThat(reasonFor("{\"ts\":1,\"kind\":\"k\",\"type\":\"t\",\"conn\":1.5}")).contains("conn");
        assertThat(reasonFor("[1]")).contains("not a JSON object");
        assertThat(reasonFor("{\"ts\":1,\"kind\":\"k\",\"type\":\"t\",\"devices\":[[\"x\"]]}")).contains("devices");
        assertThat(reasonFor("{\"ts\":1,\"kind\":\"k\",\"type\":\"t\",\"devices\":{}}")).contains("devices");
        assertThat(reasonFor("{\"ts\":1,\"kind\":\"k\",\"type\":\"t\"} {}")).contains("after");
        assertThat(reasonFor("{\"ts\":1,\"kind\":\"rec")).isNotBlank();
    }

    private static EventLogEntry parse(String text) throws EventLogJson.MalformedLineException {
        byte[] line = text.getBytes(StandardCharsets.UTF_8);
        return EventLogJson.parse(line, 0, line.length);
    }

    private static String reasonFor(String text) {
        try {
            parse(text);
        } catch (EventLogJson.MalformedLineException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted " + text);
    }
}
