package com.fleetlink.ingestion.teltonika;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.teltonika.DecodeResult.AvlPacket;
import com.fleetlink.ingestion.teltonika.DecodeResult.CommandMessage;
import com.fleetlink.ingestion.teltonika.TeltonikaVectors.Row;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Teltonika's own worked examples: each TCP frame whose CRC checks out decodes to the values an
 * independent parser read from it; the published examples whose CRC is wrong are refused as such.
 */
class WikiVectorTest {
    private static final List<Row> ROWS = TeltonikaVectors.load("wiki-vectors.tsv");
    private static final Set<String> SPOKEN = Set.of("0x08", "0x8E", "0x10", "0x0C", "0x0D", "0x0E");
    private static final Set<String> NOT_SPOKEN = Set.of("0x0F");

    static Stream<Arguments> validFramesOfSpokenCodecs() {
        return rows(r -> SPOKEN.contains(r.get("codec")) && r.get("crc_pass").equals("PASS"));
    }

    static Stream<Arguments> validFramesOfOtherCodecs() {
        return rows(r -> NOT_SPOKEN.contains(r.get("codec")) && r.get("crc_pass").equals("PASS"));
    }

    static Stream<Arguments> framesWithWrongCrc() {
        return rows(r -> r.get("crc_pass").equals("FAIL"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFramesOfSpokenCodecs")
    void decode_whenWikiFrameHasValidCrc_thenValuesMatchReference(String id, Row row) {
        DecodeResult result = TeltonikaPacketParser.parse(row.frame());
        String reference = row.get("decoded_by_ref_parser");
        Codec codec = Codec.of(Integer.decode(row.get("codec")));

        if (!codec.isAvl()) {
            assertThat(result).isInstanceOfSatisfying(CommandMessage.class, m -> assertThat(m.codec()).isEqualTo(codec));
            ReferenceDecoding.assertCommand(reference, (CommandMessage) result);
            return;
        }
        assertThat(result).isInstanceOf(AvlPacket.class);
        AvlPacket packet = (AvlPacket) result;
        assertThat(packet.codec()).isEqualTo(codec);
        assertThat(packet.records()).hasSize(ReferenceDecoding.recordCount(reference));
        var expected = ReferenceDecoding.records(reference);
        assertThat(expected).as("records the table lists").hasSameSizeAs(packet.records());
        for (int i = 0; i < expected.size(); i++) {
            ReferenceDecoding.assertRecord(expected.get(i), packet.records().get(i));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFramesOfOtherCodecs")
    void decode_whenWikiFrameUsesCodec15_thenUnknownCodec(String id, Row row) {
        ReferenceDecoding.assertRejected(row.frame(), RejectReason.UNKNOWN_CODEC);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("framesWithWrongCrc")
    void decode_whenWikiCrcIsWrong_thenBadCrc(String id, Row row) {
        ReferenceDecoding.assertRejected(row.frame(), RejectReason.BAD_CRC);
    }

    @Test
    void table_listsTheThreeKnownBadCrcExamples() {
        // Guards the selection above: if the table changed, the BAD_CRC test would quietly cover less.
        assertThat(framesWithWrongCrc().map(a -> a.get()[0])).containsExactlyInAnyOrder("W17", "W21", "W24");
    }

    private static Stream<Arguments> rows(Predicate<Row> which) {
        return ROWS.stream().filter(which).map(r -> Arguments.of(r.get("id"), r));
    }
}
