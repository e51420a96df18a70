package com.fleetlink.protocol.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fleetlink.protocol.local.LocalMessage.Command;
import com.fleetlink.protocol.local.LocalMessage.CommandFailed;
import com.fleetlink.protocol.local.LocalMessage.CommandReady;
import com.fleetlink.protocol.local.LocalMessage.CommandResult;
import com.fleetlink.protocol.local.LocalMessage.CommandSent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The outbound-command lines of design §9 through the local protocol's codec. */
class CommandMessagesCodecTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String IMEI = "356307042441013";
    private static final byte[] GETINFO = "getinfo".getBytes(StandardCharsets.US_ASCII);

    static Stream<LocalMessage> everyCommandMessage() {
        return Stream.of(
                new Command("c-1", IMEI, 7, 1, 12, GETINFO, 30_000, true, Command.NO_DEADLINE),
                new Command("c-2", IMEI, 7, 3, 14, new byte[] {0, (byte) 0xff, '\n'}, 0, false, Command.NO_DEADLINE),
                new Command("c-3", IMEI, 7, 1, 12, GETINFO, 30_000, true, 1_764_000_300_000L),
                new CommandSent("c-1", IMEI, 7, 1, 1_764_000_000_000L),
                new CommandResult("c-1", IMEI, 7, 1, "RTC:2025/1/1".getBytes(StandardCharsets.UTF_8), false, 1_764_000_000_100L),
                new CommandResult("c-1", IMEI, 7, 2, new byte[] {(byte) 0xc3, 0x28}, true, 1_764_000_000_100L),
                new CommandFailed("c-1", IMEI, 7, 1, "timeout", true, 1_764_000_030_000L),
                new CommandFailed("c-1", IMEI, 7, 1, "some-future-reason", false, 1_764_000_030_000L),
                new CommandReady(IMEI, 7));
    }

    @ParameterizedTest
    @MethodSource("everyCommandMessage")
    void encodeThenDecode_givesTheSameMessage(LocalMessage message) {
        byte[] line = LocalProtocolCodec.encode(message);

        assertThat(LocalProtocolCodec.decode(line, 0, line.length - 1)).isEqualTo(new ParsedLine.Parsed(message));
    }

    @Test
    void encode_writesTheWireShapesOfTheCommandSpec() {
        assertThat(line(new Command("c-1", IMEI, 7, 1, 12, GETINFO, 30_000, true, Command.NO_DEADLINE))).isEqualTo(
                "{\"type\":\"command\",\"id\":\"c-1\",\"imei\":\"356307042441013\",\"conn\":7,\"attempt\":1,\"codec\":12,"
                        + "\"hex\":\"676574696e666f\",\"timeout\":30000,\"reply\":true}\n");
        assertThat(line(new Command("c-1", IMEI, 7, 1, 12, GETINFO, 30_000, true, 1_764_000_300_000L))).isEqualTo(
                "{\"type\":\"command\",\"id\":\"c-1\",\"imei\":\"356307042441013\",\"conn\":7,\"attempt\":1,\"codec\":12,"
                        + "\"hex\":\"676574696e666f\",\"timeout\":30000,\"reply\":true,\"deadline\":1764000300000}\n");
        assertThat(line(new CommandSent("c-1", IMEI, 7, 1, 5))).isEqualTo(
                "{\"type\":\"command_sent\",\"id\":\"c-1\",\"imei\":\"356307042441013\",\"conn\":7,\"attempt\":1,\"at\":5}\n");
        assertThat(line(new CommandResult("c-1", IMEI, 7, 1, "ok".getBytes(StandardCharsets.UTF_8), true, 6))).isEqualTo(
                "{\"type\":\"command_result\",\"id\":\"c-1\",\"imei\":\"356307042441013\",\"conn\":7,\"attempt\":1,"
                        + "\"hex\":\"6f6b\",\"text\":\"ok\",\"late\":true,\"at\":6}\n");
        assertThat(line(new CommandFailed("c-1", IMEI, 7, 1, "busy", false, 7))).isEqualTo(
                "{\"type\":\"command_failed\",\"id\":\"c-1\",\"imei\":\"356307042441013\",\"conn\":7,\"attempt\":1,"
                        + "\"reason\":\"busy\",\"written\":false,\"at\":7}\n");
        assertThat(line(new CommandReady(IMEI, 7))).isEqualTo(
                "{\"type\":\"command_ready\",\"imei\":\"356307042441013\",\"conn\":7}\n");
    }

    static Stream<Arguments> everyRequiredField() throws Exception {
        List<Arguments> cases = new ArrayList<>();
        for (LocalMessage message : everyCommandMessage().toList()) {
            ObjectNode node = (ObjectNode) MAPPER.readTree(LocalProtocolCodec.encode(message));
            node.fieldNames().forEachRemaining(name -> {
                // text only mirrors hex for people reading the stream; deadline is optional; type has its own error
                if (!name.equals("type") && !name.equals("text") && !name.equals("deadline")) {
                    cases.add(Arguments.of(message.type(), name, node.deepCopy().without(name).toString()));
                }
            });
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("everyRequiredField")
    void decode_whenARequiredFieldIsMissing_thenMissingFieldNamingIt(String type, String field, String line) {
        assertThat(LocalProtocolCodec.decode(line)).isInstanceOfSatisfying(ParsedLine.Invalid.class, invalid -> {
            assertThat(invalid.error()).isEqualTo(LineError.MISSING_FIELD);
            assertThat(invalid.detail()).contains("\"" + field + "\"");
        });
    }

    @Test
    void decode_whenAnOldSidecarSendsNoDeadline_thenTheCommandHasNone() {
        String line = command("\"00\"", 12);

        assertThat(LocalProtocolCodec.decode(line)).isInstanceOfSatisfying(ParsedLine.Parsed.class,
                p -> assertThat(((Command) p.message()).deadline()).isEqualTo(Command.NO_DEADLINE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "\"soon\"", "1.5"})
    void decode_whenDeadlineIsNotANonNegativeInteger_thenBadField(String deadline) {
        String line = command("\"00\"", 12).replace("}", ",\"deadline\":" + deadline + "}");

        assertThat(error(LocalProtocolCodec.decode(line))).isEqualTo(LineError.BAD_FIELD);
    }

    @Test
    void decode_whenPayloadIsAtTheLimit_thenAccepted() {
        ParsedLine parsed = LocalProtocolCodec.decode(command("\"" + "ab".repeat(LocalProtocol.MAX_COMMAND_BYTES) + "\"", 12));

        assertThat(parsed).isInstanceOfSatisfying(ParsedLine.Parsed.class,
                p -> assertThat(((Command) p.message()).payload()).hasSize(LocalProtocol.MAX_COMMAND_BYTES));
    }

    @Test
    void decode_whenPayloadIsLongerThanTheLimit_thenBadField() {
        ParsedLine parsed = LocalProtocolCodec.decode(command("\"" + "ab".repeat(LocalProtocol.MAX_COMMAND_BYTES + 1) + "\"", 12));

        assertThat(parsed).isInstanceOfSatisfying(ParsedLine.Invalid.class, invalid -> {
            assertThat(invalid.error()).isEqualTo(LineError.BAD_FIELD);
            assertThat(invalid.detail()).contains("4097 bytes");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"abc\"", "\"zz\"", "12", "[]"})
    void decode_whenHexIsNotPairsOfHexDigits_thenBadField(String hex) {
        assertThat(error(LocalProtocolCodec.decode(command(hex, 12)))).isEqualTo(LineError.BAD_FIELD);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 13, 142})
    void decode_whenCodecCarriesNoCommands_thenBadField(int codec) {
        assertThat(error(LocalProtocolCodec.decode(command("\"00\"", codec)))).isEqualTo(LineError.BAD_FIELD);
    }

    @Test
    void decode_whenUnknownFields_thenIgnored() {
        String line = "{\"type\":\"command_ready\",\"imei\":\"356307042441013\",\"conn\":7,\"future\":[1]}";

        assertThat(LocalProtocolCodec.decode(line)).isEqualTo(new ParsedLine.Parsed(new CommandReady(IMEI, 7)));
    }

    @Test
    void messages_copyTheirBytes() {
        byte[] payload = {1, 2};
        Command command = new Command("c", IMEI, 1, 1, 12, payload, 1, true, Command.NO_DEADLINE);
        payload[0] = 9;
        command.payload()[1] = 9;

        assertThat(command.payload()).containsExactly(1, 2);
    }

    private static String command(String hex, int codec) {
        return "{\"type\":\"command\",\"id\":\"c\",\"imei\":\"356307042441013\",\"conn\":1,\"attempt\":1,\"codec\":" + codec
                + ",\"hex\":" + hex + ",\"timeout\":1000,\"reply\":true}";
    }

    private static String line(LocalMessage message) {
        return new String(LocalProtocolCodec.encode(message), StandardCharsets.UTF_8);
    }

    private static LineError error(ParsedLine parsed) {
        return ((ParsedLine.Invalid) parsed).error();
    }
}
