package com.fleetlink.ingestion.teltonika;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.teltonika.DecodeResult.CommandMessage;
import com.fleetlink.ingestion.teltonika.TeltonikaVectors.Row;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The quirks of Codecs 12, 13 and 14 as Teltonika's examples and real captures show them, one test
 * each, on the rows of the shared vector tables (their {@code source}/{@code id} columns say where
 * each frame comes from).
 */
class MessageCodecQuirksTest {
    private static final List<Row> WIKI = TeltonikaVectors.load("wiki-vectors.tsv");
    private static final List<Row> CAPTURES = TeltonikaVectors.load("capture-vectors.tsv");

    @Test
    void decode_whenCodec13SizeCountsTheTimestamp_thenPayloadIsWhatFollowsTheFourTimestampBytes() {
        // A Traccar capture: size 0x1C = 4 timestamp bytes + 24 bytes of text.
        Row row = capture(r -> r.get("codec").equals("0x0D") && r.get("decoded_by_ref_parser").contains("GTSL"));

        CommandMessage message = message(row.frame());

        assertThat(message.codec()).isEqualTo(Codec.CODEC_13);
        assertThat(message.type()).isEqualTo(CommandMessage.TYPE_RESPONSE);
        assertThat(message.timestamp()).isEqualTo(0x642b3ad1L);
        assertThat(message.text()).isEqualTo("GTSL|6|1|0|12749884|1|\r\n");
    }

    @Test
    void decode_whenWikiCodec13ExampleHasAnEightByteTimestamp_thenItsFirstFourBytesAreTheTimestamp() {
        // The wiki shows 8 timestamp bytes (0000016C0A81C320) though the layout has 4; the other 4 read as payload.
        for (String id : List.of("W14a", "W14b")) {
            CommandMessage message = message(wiki(id).frame());

            assertThat(message.timestamp()).as(id).isEqualTo(0x0000016cL);
            assertThat(HexFormat.of().formatHex(message.payload())).as(id).isEqualTo("0a81c320676574696e666f");
        }
    }

    @Test
    void decode_whenCapturedCodec13SizeLeavesOutTheTimestamp_thenRefusedForItsCrc() {
        // Traccar's "#GET DATAORD" frame: its size contradicts the wiki and its CRC does not check out either.
        Row row = capture(r -> r.get("codec").equals("0x0D") && r.get("decoded_by_ref_parser").contains("#GET DATAORD"));

        ReferenceDecoding.assertRejected(row.frame(), RejectReason.BAD_CRC);
    }

    @Test
    void encode_whenCodec14Command_thenImeiFieldIsTheDigitsAsHexNibblesZeroPaddedToEightBytes() {
        ByteBuf out = Unpooled.buffer();

        TeltonikaPacketEncoder.writeCodec14(out, CommandMessage.TYPE_COMMAND, "352093081452251",
                "getver".getBytes(StandardCharsets.US_ASCII));

        assertThat(ByteBufUtil.hexDump(out)).isEqualToIgnoringCase(wiki("W15").get("hex"));
    }

    @Test
    void decode_whenCodec14Response_thenImeiLosesItsPaddingZeroAndSizeCountsTheImei() {
        CommandMessage message = message(wiki("W16").frame());

        assertThat(message.codec()).isEqualTo(Codec.CODEC_14);
        assertThat(message.type()).isEqualTo(CommandMessage.TYPE_RESPONSE);
        assertThat(message.imei()).isEqualTo("352093081452251");
        assertThat(message.text()).startsWith("Ver:03.18.14_04").hasSize(0xA3 - 8);
    }

    @Test
    void decode_whenCodec14NackWithTheImeiItsCrcWasComputedFor_thenNackWithImeiOnly() {
        // The wiki's nACK changed the IMEI to ...2468 without recomputing the CRC, which belongs to ...2251.
        String published = wiki("W17").get("hex");
        ByteBuf frame = TeltonikaVectors.hexBuffer(published.replace("0352093081452468", "0352093081452251"));

        CommandMessage message = message(frame);

        assertThat(message.type()).isEqualTo(CommandMessage.TYPE_NACK);
        assertThat(message.imei()).isEqualTo("352093081452251");
        assertThat(message.payload()).isEmpty();
    }

    @Test
    void decode_whenCodec14ImeiFieldHoldsHexLetters_thenMalformedCommand() {
        ByteBuf frame = Unpooled.buffer();
        TeltonikaPacketEncoder.writeCodec14(frame, CommandMessage.TYPE_RESPONSE, "352093081452251", new byte[0]);
        frame.setByte(16, 0xAB); // an IMEI byte: data starts at 8, then codec, quantity, type and a 4-byte size

        ReferenceDecoding.assertRejected(withCrcRecomputed(frame), RejectReason.MALFORMED_COMMAND);
    }

    @Test
    void decode_whenCodec13SizeCannotHoldTheTimestamp_thenMalformedCommand() {
        // Codec 13, quantity 1, type 06, size 2, two bytes, quantity 1: too short for a 4-byte timestamp.
        ByteBuf frame = TeltonikaVectors.hexBuffer("00000000 0000000A 0D 01 06 00000002 abcd 01 00000000");

        ReferenceDecoding.assertRejected(withCrcRecomputed(frame), RejectReason.MALFORMED_COMMAND);
    }

    @Test
    void encode_whenCodec12Command_thenBytesOfTheWikiAndTraccarExamples() {
        assertEncodes(wiki("W10").get("hex"), out -> TeltonikaPacketEncoder.writeCommand(out, 0x05, "getinfo"));
        assertEncodes(wiki("W12").get("hex"), out -> TeltonikaPacketEncoder.writeCommand(out, 0x05, "getio"));
        assertEncodes(capture(r -> r.get("expected").contains("\"setdigout 11\"")).get("hex"),
                out -> TeltonikaPacketEncoder.writeCommand(out, 0x05, "setdigout 11"));
        // A binary payload travels as it is, not as text.
        assertEncodes(capture(r -> r.get("expected").contains("hex \"03030000000185E8\"")).get("hex"),
                out -> TeltonikaPacketEncoder.writeCodec12(out, 0x05, HexFormat.of().parseHex("03030000000185e8")));
    }

    @Test
    void roundTrip_whenCodec13MessageEncoded_thenDecodesToTheSameFields() {
        ByteBuf out = Unpooled.buffer();
        TeltonikaPacketEncoder.writeCodec13(out, CommandMessage.TYPE_RESPONSE, 0xFFFF_FFFEL, "hello".getBytes(StandardCharsets.US_ASCII));

        CommandMessage message = message(out);

        assertThat(message.timestamp()).isEqualTo(0xFFFF_FFFEL);
        assertThat(message.text()).isEqualTo("hello");
    }

    private static void assertEncodes(String expectedHex, Consumer<ByteBuf> writer) {
        ByteBuf out = Unpooled.buffer();
        writer.accept(out);
        assertThat(ByteBufUtil.hexDump(out)).isEqualToIgnoringCase(expectedHex);
    }

    private static CommandMessage message(ByteBuf frame) {
        DecodeResult result = TeltonikaPacketParser.parse(frame);
        assertThat(result).isInstanceOf(CommandMessage.class);
        return (CommandMessage) result;
    }

    /** The frame with its CRC field rewritten, so only the flaw a test plants is left. */
    private static ByteBuf withCrcRecomputed(ByteBuf frame) {
        int dataLength = frame.getInt(4);
        frame.setInt(8 + dataLength, Crc16Ibm.compute(frame, 8, dataLength));
        return frame;
    }

    private static Row wiki(String id) {
        return WIKI.stream().filter(r -> r.get("id").equals(id)).findFirst().orElseThrow();
    }

    private static Row capture(Predicate<Row> which) {
        List<Row> rows = CAPTURES.stream().filter(which).toList();
        assertThat(rows).as("matching capture rows").hasSize(1);
        return rows.get(0);
    }
}
