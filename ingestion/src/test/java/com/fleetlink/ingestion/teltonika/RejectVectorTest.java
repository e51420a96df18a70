package com.fleetlink.ingestion.teltonika;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.teltonika.DecodeResult.Rejected;
import com.fleetlink.ingestion.teltonika.TeltonikaVectors.Row;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Frames another decoder's test suite says must fail: every one is refused, for the reason its row gives. */
class RejectVectorTest {
    private static final String WHY = "why it must be rejected";

    static Stream<Arguments> rejectRows() {
        return TeltonikaVectors.load("reject-vectors.tsv").stream()
                .map(r -> Arguments.of("line " + r.line() + ": " + r.get(WHY), r));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectRows")
    void decode_whenFrameMustFail_thenRejectedForTheStatedReason(String name, Row row) {
        DecodeResult result = TeltonikaPacketParser.parse(row.frame());

        assertThat(result).isInstanceOf(Rejected.class);
        RejectReason expected = expectedReason(row.get(WHY));
        if (expected != null) {
            assertThat(((Rejected) result).reason()).isEqualTo(expected);
        }
    }

    /** The reason a row's explanation names, or {@code null} when it names none we can map. */
    private static RejectReason expectedReason(String why) {
        if (why.contains("preamble")) {
            return RejectReason.BAD_PREAMBLE;
        }
        // The CRC is checked before the codec and the records, so a mismatch wins over a bad codec id.
        if (why.startsWith("MISMATCH field=")) {
            return RejectReason.BAD_CRC;
        }
        return null;
    }
}
