package com.fleetlink.protocol.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fleetlink.protocol.local.LocalMessage.ControlCommand;
import com.fleetlink.protocol.local.LocalMessage.ControlRequest;
import com.fleetlink.protocol.local.LocalMessage.HeldDevice;
import com.fleetlink.protocol.local.LocalMessage.Hello;
import com.fleetlink.protocol.local.LocalMessage.Ping;
import com.fleetlink.protocol.local.LocalMessage.Pong;
import com.fleetlink.protocol.local.LocalMessage.Register;
import com.fleetlink.protocol.local.LocalMessage.Released;
import com.fleetlink.protocol.local.LocalMessage.Resync;
import com.fleetlink.protocol.local.LocalMessage.Shutdown;
import com.fleetlink.protocol.local.LocalMessage.Snapshot;
import com.fleetlink.protocol.local.LocalMessage.Unregister;
import com.fleetlink.protocol.local.LocalMessage.Welcome;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LocalProtocolCodecTest {

    static Stream<LocalMessage> everyMessage() {
        return Stream.of(
                new Hello(1, 4242, "b-1"),
                new Hello(1, 4242, "b-1", List.of(LocalProtocol.CAP_SNAPSHOT_AT, "some-future-cap")),
                new Snapshot("s-1", List.of(new HeldDevice("356307042441013", 7), new HeldDevice("356307042441021", 8)), false),
                new Snapshot("s-2", List.of(new HeldDevice("356307042441013", 7, 1_764_000_000_000L), new HeldDevice("356307042441021", 8)), true),
                new Snapshot("s-1", List.of(), true),
                new Register("356307042441013", 7, 1_764_000_000_000L, 1),
                new Unregister("356307042441013", 7, 1_764_000_000_500L, 2, "idle"),
                new Pong(3),
                new Shutdown(1_764_000_001_000L, 3),
                new Welcome(1, "pod-a"),
                new Welcome(1, "pod-a", List.of(LocalProtocol.CAP_SNAPSHOT_AT)),
                new Ping(3),
                new Resync(),
                new Released(12),
                new ControlRequest(ControlCommand.STATUS),
                new ControlRequest(ControlCommand.FLUSH),
                new ControlRequest(ControlCommand.RELEASE),
                new ControlRequest(ControlCommand.STATUS, "356307042441013"));
    }

    @ParameterizedTest
    @MethodSource("everyMessage")
    void encodeThenDecode_givesTheSameMessage(LocalMessage message) {
        byte[] line = LocalProtocolCodec.encode(message);

        assertThat(line[line.length - 1]).isEqualTo((byte) '\n');
        assertThat(LocalProtocolCodec.decode(line, 0, line.length - 1)).isEqualTo(new ParsedLine.Parsed(message));
    }

    @Test
    void encode_writesTheWireNamesOfDesignSection3() {
        String line = new String(LocalProtocolCodec.encode(new Unregister("356307042441013", 7, 10, 2, "closed")),
                StandardCharsets.UTF_8);

        assertThat(line).isEqualTo("{\"type\":\"unregister\",\"imei\":\"356307042441013\",\"conn\":7,\"at\":10,\"seq\":2,\"reason\":\"closed\"}\n");
    }

    /** Device events with strings and numbers at every edge of JSON's escaping and of a long. */
    static Stream<LocalMessage> deviceEvents() {
        List<String> strings = List.of("356307042441013", "", " ~", "a\"b", "a\\b", "a/b", "tab\there", "nl\n", "\u0000",
                "\u001f", "\u007f", "é", "日本", "\uD83D\uDE00", "closed");
        List<Long> numbers = List.of(0L, 7L, -1L, Long.MAX_VALUE, Long.MIN_VALUE);
        List<LocalMessage> events = new ArrayList<>();
        for (String s : strings) {
            for (long n : numbers) {
                events.add(new Register(s, n, 1_764_000_000_000L, n));
                events.add(new Unregister("356307042441013", 7, n, 2, s));
                events.add(new Unregister(s, n, 10, 3, "idle"));
            }
        }
        return events.stream();
    }

    @ParameterizedTest
    @MethodSource("deviceEvents")
    void encode_whenDeviceEvent_thenTheSameBytesAsTheGenerator(LocalMessage message) {
        assertThat(LocalProtocolCodec.encode(message)).isEqualTo(LocalProtocolCodec.encodeWithGenerator(message));
    }

    @Test
    void encode_whenNoCapsAndNoAt_thenTheLinesOfPeersThatPredateThem() {
        assertThat(line(new Hello(1, 4242, "b-1"))).isEqualTo("{\"type\":\"hello\",\"v\":1,\"pid\":4242,\"boot\":\"b-1\"}\n");
        assertThat(line(new Welcome(1, "pod-a"))).isEqualTo("{\"type\":\"welcome\",\"v\":1,\"instance\":\"pod-a\"}\n");
        assertThat(line(new Snapshot("s", List.of(new HeldDevice("356307042441013", 7)), true)))
                .isEqualTo("{\"type\":\"snapshot\",\"snap\":\"s\",\"imeis\":[[\"356307042441013\",7]],\"last\":true}\n");
    }

    @Test
    void encode_whenCapsAndAt_thenWritesThem() {
        assertThat(line(new Hello(1, 4242, "b-1", List.of("snapshot-at"))))
                .isEqualTo("{\"type\":\"hello\",\"v\":1,\"pid\":4242,\"boot\":\"b-1\",\"caps\":[\"snapshot-at\"]}\n");
        assertThat(line(new Welcome(1, "pod-a", List.of("snapshot-at"))))
                .isEqualTo("{\"type\":\"welcome\",\"v\":1,\"instance\":\"pod-a\",\"caps\":[\"snapshot-at\"]}\n");
        assertThat(line(new Snapshot("s", List.of(new HeldDevice("356307042441013", 7, 0), new HeldDevice("356307042441021", 8)), true)))
                .isEqualTo("{\"type\":\"snapshot\",\"snap\":\"s\",\"imeis\":[[\"356307042441013\",7,0],[\"356307042441021\",8]],\"last\":true}\n");
    }

    @Test
    void decode_whenCapsAbsentOrNull_thenNone() {
        assertThat(LocalProtocolCodec.decode("{\"type\":\"welcome\",\"v\":1,\"instance\":\"pod-a\"}"))
                .isEqualTo(new ParsedLine.Parsed(new Welcome(1, "pod-a", List.of())));
        assertThat(LocalProtocolCodec.decode("{\"type\":\"hello\",\"v\":1,\"pid\":2,\"boot\":\"b\",\"caps\":null}"))
                .isEqualTo(new ParsedLine.Parsed(new Hello(1, 2, "b", List.of())));
    }

    @Test
    void decode_whenCapsAreNotAListOfStrings_thenBadField() {
        assertThat(error(LocalProtocolCodec.decode("{\"type\":\"welcome\",\"v\":1,\"instance\":\"i\",\"caps\":[\"snapshot-at\",1]}")))
                .isEqualTo(LineError.BAD_FIELD);
        assertThat(error(LocalProtocolCodec.decode("{\"type\":\"welcome\",\"v\":1,\"instance\":\"i\",\"caps\":[null]}")))
                .isEqualTo(LineError.BAD_FIELD);
        assertThat(error(LocalProtocolCodec.decode("{\"type\":\"hello\",\"v\":1,\"pid\":2,\"boot\":\"b\",\"caps\":\"snapshot-at\"}")))
                .isEqualTo(LineError.BAD_FIELD);
    }

    @Test
    void decode_whenSnapshotEntryHasAThirdElement_thenItIsTheAt() {
        ParsedLine parsed = LocalProtocolCodec.decode(
                "{\"type\":\"snapshot\",\"snap\":\"s\",\"imeis\":[[\"356307042441013\",7,1764000000000],[\"356307042441021\",8]],\"last\":true}");

        assertThat(parsed).isEqualTo(new ParsedLine.Parsed(new Snapshot("s",
                List.of(new HeldDevice("356307042441013", 7, 1_764_000_000_000L), new HeldDevice("356307042441021", 8, HeldDevice.NO_AT)), true)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"356307042441013\",7,-1]", "[\"356307042441013\",7,1.5]", "[\"356307042441013\",7,\"1\"]",
            "[\"356307042441013\",7,null]", "[\"356307042441013\",7,1e30]", "[\"356307042441013\",7,1,2]", "[\"356307042441013\"]",
            "[\"356307042441013\",1e30]", "[\"35630704244101\",7,1]"})
    void decode_whenSnapshotEntryIsNotImeiConnAndOptionalAt_thenBadField(String entry) {
        String line = "{\"type\":\"snapshot\",\"snap\":\"s\",\"imeis\":[" + entry + "],\"last\":true}";

        assertThat(error(LocalProtocolCodec.decode(line))).isEqualTo(LineError.BAD_FIELD);
    }

    @Test
    void encode_whenAFullChunkOfEntriesWithAtAtTheirLongest_thenTheLineFitsTheLimit() {
        List<HeldDevice> entries = new ArrayList<>();
        for (int i = 0; i < LocalProtocol.SNAPSHOT_CHUNK; i++) {
            entries.add(new HeldDevice("356307042441013", Long.MAX_VALUE, Long.MAX_VALUE));
        }
        byte[] line = LocalProtocolCodec.encode(new Snapshot(Long.toString(Long.MAX_VALUE), entries, false));

        assertThat(line.length - 1).isLessThanOrEqualTo(LocalProtocol.MAX_LINE_BYTES);
    }

    @Test
    void messages_copyTheirCapsAndNeverHoldNull() {
        List<String> caps = new ArrayList<>(List.of("snapshot-at"));
        Hello hello = new Hello(1, 2, "b", caps);
        caps.clear();

        assertThat(hello.caps()).containsExactly("snapshot-at");
        assertThat(new Hello(1, 2, "b", null).caps()).isEmpty();
        assertThat(new Welcome(1, "i", null).caps()).isEmpty();
        assertThat(new Welcome(1, "i").caps()).isEmpty();
        assertThat(new HeldDevice("356307042441013", 7).at()).isEqualTo(HeldDevice.NO_AT);
    }

    @Test
    void heldDevice_whenAtIsNegativeButNotNoAt_thenRefused() {
        assertThatThrownBy(() -> new HeldDevice("356307042441013", 7, -2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decode_whenUnknownFields_thenIgnored() {
        ParsedLine parsed = LocalProtocolCodec.decode(
                "{\"type\":\"register\",\"imei\":\"356307042441013\",\"conn\":1,\"at\":2,\"seq\":3,\"future\":{\"x\":1}}");

        assertThat(parsed).isEqualTo(new ParsedLine.Parsed(new Register("356307042441013", 1, 2, 3)));
    }

    @Test
    void decode_whenControlRequestHasNoImei_thenPlainRequest() {
        assertThat(LocalProtocolCodec.decode("{\"type\":\"status\"}"))
                .isEqualTo(new ParsedLine.Parsed(new ControlRequest(ControlCommand.STATUS, null)));
        assertThat(new String(LocalProtocolCodec.encode(new ControlRequest(ControlCommand.STATUS)), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"status\"}\n");
    }

    @Test
    void decode_whenControlRequestImeiIsNot15Digits_thenBadField() {
        assertThat(error(LocalProtocolCodec.decode("{\"type\":\"status\",\"imei\":\"12345\"}"))).isEqualTo(LineError.BAD_FIELD);
    }

    @Test
    void decode_whenUnknownType_thenUnknownType() {
        assertThat(error(LocalProtocolCodec.decode("{\"type\":\"teleport\"}"))).isEqualTo(LineError.UNKNOWN_TYPE);
    }

    @Test
    void decode_whenNotJson_thenNotJson() {
        assertThat(error(LocalProtocolCodec.decode("register 356307042441013"))).isEqualTo(LineError.NOT_JSON);
        assertThat(error(LocalProtocolCodec.decode("[1,2]"))).isEqualTo(LineError.NOT_JSON);
        assertThat(error(LocalProtocolCodec.decode(""))).isEqualTo(LineError.NOT_JSON);
    }

    @Test
    void decode_whenTypeMissing_thenMissingType() {
        assertThat(error(LocalProtocolCodec.decode("{\"imei\":\"356307042441013\"}"))).isEqualTo(LineError.MISSING_TYPE);
    }

    @Test
    void decode_whenRequiredFieldMissing_thenMissingFieldNamingIt() {
        ParsedLine parsed = LocalProtocolCodec.decode("{\"type\":\"register\",\"imei\":\"356307042441013\",\"at\":2,\"seq\":3}");

        assertThat(parsed).isInstanceOfSatisfying(ParsedLine.Invalid.class, invalid -> {
            assertThat(invalid.error()).isEqualTo(LineError.MISSING_FIELD);
            assertThat(invalid.detail()).contains("conn");
        });
    }

    @Test
    void decode_whenImeiIsNot15Digits_thenBadField() {
        assertThat(error(LocalProtocolCodec.decode("{\"type\":\"register\",\"imei\":\"35630704244101\",\"conn\":1,\"at\":2,\"seq\":3}")))
                .isEqualTo(LineError.BAD_FIELD);
        assertThat(error(LocalProtocolCodec.decode("{\"type\":\"register\",\"imei\":\"35630704244101x\",\"conn\":1,\"at\":2,\"seq\":3}")))
                .isEqualTo(LineError.BAD_FIELD);
    }

    @Test
    void decode_whenNumberIsNegativeOrFractional_thenBadField() {
        assertThat(error(LocalProtocolCodec.decode("{\"type\":\"ping\",\"n\":-1}"))).isEqualTo(LineError.BAD_FIELD);
        assertThat(error(LocalProtocolCodec.decode("{\"type\":\"ping\",\"n\":1.5}"))).isEqualTo(LineError.BAD_FIELD);
        assertThat(error(LocalProtocolCodec.decode("{\"type\":\"ping\",\"n\":\"1\"}"))).isEqualTo(LineError.BAD_FIELD);
    }

    @Test
    void decode_whenSnapshotChunkTooLarge_thenBadField() {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i <= LocalProtocol.SNAPSHOT_CHUNK; i++) {
            pairs.add(String.format("[\"35630704%07d\",%d]", i, i));
        }
        String line = "{\"type\":\"snapshot\",\"snap\":\"s\",\"last\":true,\"imeis\":[" + String.join(",", pairs) + "]}";

        assertThat(error(LocalProtocolCodec.decode(line))).isEqualTo(LineError.BAD_FIELD);
    }

    @Test
    void decode_whenLineLongerThanLimit_thenTooLong() {
        byte[] line = new byte[LocalProtocol.MAX_LINE_BYTES + 1];

        assertThat(error(LocalProtocolCodec.decode(line, 0, line.length))).isEqualTo(LineError.TOO_LONG);
    }

    // The hot register and unregister lines are read token by token; these pin the tree decoder's
    // quirks that the streaming reader must leave to it.
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"seq\":3,\"at\":2,\"conn\":1,\"imei\":\"356307042441013\",\"type\":\"register\"}",
        "{\"type\":\"register\",\"imei\":\"356307042441013\",\"conn\":8,\"conn\":1,\"at\":2,\"seq\":3}",
        "{\"type\":\"register\",\"imei\":\"356307042441013\",\"conn\":1.0,\"at\":2,\"seq\":3}",
        "{\"type\":\"register\",\"imei\":\"356307042441013\",\"conn\":1,\"at\":2,\"seq\":3,\"reason\":7} trailing",
        "{\"type\":\"register\",\"imei\":\"356307042441013\",\"conn\":1,\"at\":2,\"seq\":3,\"type\":\"register\"}",
    })
    void decode_whenARegisterLineIsOddButReadable_thenTheSameMessageAsEver(String line) {
        assertThat(LocalProtocolCodec.decode(line)).isEqualTo(new ParsedLine.Parsed(new Register("356307042441013", 1, 2, 3)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "BAD_FIELD {\"type\":\"register\",\"imei\":\"356307042441013\",\"conn\":9223372036854775808,\"at\":2,\"seq\":3}",
        "BAD_FIELD {\"type\":\"register\",\"imei\":\"356307042441013\",\"conn\":1,\"at\":-2,\"seq\":3}",
        "BAD_FIELD {\"type\":\"register\",\"imei\":\"356307042441013\",\"conn\":1,\"at\":2,\"seq\":3.5}",
        "BAD_FIELD {\"type\":\"unregister\",\"imei\":\"356307042441013\",\"conn\":1,\"at\":2,\"seq\":3,\"reason\":7}",
        "BAD_FIELD {\"type\":\"register\",\"imei\":356307042441013,\"conn\":1,\"at\":2,\"seq\":3}",
        "MISSING_FIELD {\"type\":\"unregister\",\"imei\":\"356307042441013\",\"conn\":1,\"at\":2,\"seq\":3}",
        "MISSING_FIELD {\"type\":\"register\",\"imei\":null,\"conn\":1,\"at\":2,\"seq\":3}",
        "MISSING_TYPE {\"type\":null,\"imei\":\"356307042441013\",\"conn\":1,\"at\":2,\"seq\":3}",
        "NOT_JSON {\"type\":\"register\",\"imei\":\"356307042441013\",\"conn\":1,\"at\":2,\"seq\":3,\"future\":{\"x\":}}",
        "NOT_JSON {\"type\":\"register\",\"imei\":\"356307042441013\",\"conn\":1,\"at\":2,\"seq\":3",
    })
    void decode_whenARegisterOrUnregisterLineIsWrong_thenTheSameErrorAsEver(String errorAndLine) {
        String[] parts = errorAndLine.split(" ", 2);

        assertThat(error(LocalProtocolCodec.decode(parts[1]))).isEqualTo(LineError.valueOf(parts[0]));
    }

    @Test
    void isImei_acceptsOnly15AsciiDigits() {
        assertThat(LocalProtocol.isImei("356307042441013")).isTrue();
        assertThat(LocalProtocol.isImei("35630704244101")).isFalse();
        assertThat(LocalProtocol.isImei("3563070424410134")).isFalse();
        assertThat(LocalProtocol.isImei("35630704244101٣")).isFalse();
        assertThat(LocalProtocol.isImei(null)).isFalse();
    }

    private static String line(LocalMessage message) {
        return new String(LocalProtocolCodec.encode(message), StandardCharsets.UTF_8);
    }

    private static LineError error(ParsedLine parsed) {
        assertThat(parsed).isInstanceOf(ParsedLine.Invalid.class);
        return ((ParsedLine.Invalid) parsed).error();
    }
}
