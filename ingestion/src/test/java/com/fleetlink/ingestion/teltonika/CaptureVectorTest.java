package com.fleetlink.ingestion.teltonika;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.teltonika.DecodeResult.AvlPacket;
import com.fleetlink.ingestion.teltonika.DecodeResult.CommandMessage;
import com.fleetlink.ingestion.teltonika.TeltonikaVectors.Row;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Frames captured from real devices (and collected from other decoders' test suites): every TCP
 * frame of a codec we speak whose CRC checks out decodes with the record count the table states
 * and the first record's values; every IMEI handshake is a two-byte length and fifteen digits.
 */
class CaptureVectorTest {
    private static final List<Row> ROWS = TeltonikaVectors.load("capture-vectors.tsv");
    private static final Set<String> SPOKEN = Set.of("0x08", "0x8E", "0x10", "0x0C", "0x0D", "0x0E");
    private static final String CRC = "crc16_check(ref parser)";
    private static final String REFERENCE = "decoded_by_ref_parser";
    /** Traccar's non-standard "extended" Codec 8 (a 16-byte IO group after N8); not Teltonika's protocol. */
    private static final String TRACCAR_EXTENDED = "setExtended(true)";

    static Stream<Arguments> validFramesOfSpokenCodecs() {
        return rows(r -> SPOKEN.contains(r.get("codec")) && r.get(CRC).equals("ok")
                && !r.get("decoder_flags").contains(TRACCAR_EXTENDED));
    }

    static Stream<Arguments> validFramesOfOtherCodecs() {
        return rows(r -> r.get("codec").startsWith("0x") && !SPOKEN.contains(r.get("codec")) && r.get(CRC).equals("ok"));
    }

    static Stream<Arguments> traccarExtendedFrames() {
        return rows(r -> r.get("decoder_flags").contains(TRACCAR_EXTENDED));
    }

    static Stream<Arguments> imeiHandshakes() {
        return rows(r -> r.get("codec").equals("IMEI"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFramesOfSpokenCodecs")
    void decode_whenCapturedFrameHasValidCrc_thenRecordCountAndFirstRecordMatch(String name, Row row) {
        DecodeResult result = TeltonikaPacketParser.parse(row.frame());
        String reference = row.get(REFERENCE);
        Codec codec = Codec.of(Integer.decode(row.get("codec")));

        if (!codec.isAvl()) {
            assertThat(result).isInstanceOfSatisfying(CommandMessage.class, m -> assertThat(m.codec()).isEqualTo(codec));
            ReferenceDecoding.assertCommand(reference, (CommandMessage) result);
            return;
        }
        assertThat(result).isInstanceOf(AvlPacket.class);
        AvlPacket packet = (AvlPacket) result;
        assertThat(packet.codec()).isEqualTo(codec);
        int stated = ReferenceDecoding.recordCount(reference);
        assertThat(packet.records()).hasSize(stated);
        // The ACK the table says a server sends is the same count, as 4 bytes.
        assertThat(Integer.parseInt(row.get("server_reply(hex, per protocol)"), 16)).isEqualTo(stated);
        var listed = ReferenceDecoding.records(reference);
        assertThat(listed).as("records the table lists").isNotEmpty();
        for (int i = 0; i < listed.size(); i++) {
            ReferenceDecoding.assertRecord(listed.get(i), packet.records().get(i));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFramesOfOtherCodecs")
    void decode_whenCapturedFrameUsesCodecWeDoNotSpeak_thenUnknownCodec(String name, Row row) {
        ReferenceDecoding.assertRejected(row.frame(), RejectReason.UNKNOWN_CODEC);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("traccarExtendedFrames")
    void decode_whenCapturedFrameNeedsTraccarsExtendedCodec8_thenMalformedRecord(String name, Row row) {
        // Its extra IO group is not in Teltonika's protocol; read as standard Codec 8 the records overrun.
        ReferenceDecoding.assertRejected(row.frame(), RejectReason.MALFORMED_RECORD);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("imeiHandshakes")
    void imei_whenCaptured_thenLengthPrefixAndFifteenDigitsAsOurEncoderWritesThem(String name, Row row) {
        ByteBuf captured = row.frame();
        String imei = row.get(REFERENCE).replace("imei=", "");

        assertThat(captured.readableBytes()).isEqualTo(2 + 15);
        assertThat(captured.getUnsignedShort(0)).isEqualTo(15);
        String digits = captured.toString(2, 15, StandardCharsets.US_ASCII);
        assertThat(digits).matches("\\d{15}").isEqualTo(imei);
        ByteBuf written = Unpooled.buffer();
        TeltonikaPacketEncoder.writeImei(written, imei);
        assertThat(ByteBufUtil.hexDump(written)).isEqualTo(ByteBufUtil.hexDump(captured));
    }

    private static Stream<Arguments> rows(Predicate<Row> which) {
        return ROWS.stream().filter(which).map(r -> Arguments.of("line " + r.line() + " " + r.get("codec"), r));
    }
}
