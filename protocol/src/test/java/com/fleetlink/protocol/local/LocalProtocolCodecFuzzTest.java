package com.fleetlink.protocol.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fleetlink.protocol.local.ParsedLine.Invalid;
import com.fleetlink.protocol.local.ParsedLine.Parsed;
import java.util.Arrays;

/**
 * Arbitrary bytes as one line of the local protocol: decoding never throws and always gives a
 * {@link Parsed} or an {@link Invalid} with a reason, and a parsed message encodes to a line that
 * decodes to the same message.
 *
 * <p>Plain {@code mvn test} replays the seeds in {@code LocalProtocolCodecFuzzTestInputs}; the fuzz
 * execution (profile {@code fuzz}, {@code JAZZER_FUZZ=1}) fuzzes for 20 seconds, profile
 * {@code fuzz-long} for longer. Jazzer fuzzes one test per JVM, so this stays the module's only
 * {@code @FuzzTest}.
 */
class LocalProtocolCodecFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void decode_whenArbitraryLine_thenParsedOrInvalidAndParsedRoundTrips(byte[] line) {
        ParsedLine result = LocalProtocolCodec.decode(line, 0, line.length);

        assertThat(result).isNotNull();
        if (result instanceof Invalid invalid) {
            assertThat(invalid.error()).isNotNull();
            assertThat(invalid.detail()).isNotBlank();
            return;
        }
        LocalMessage message = ((Parsed) result).message();
        byte[] encoded = LocalProtocolCodec.encode(message);
        assertThat(encoded[encoded.length - 1]).as("line ends with a newline").isEqualTo((byte) '\n');
        byte[] again = Arrays.copyOf(encoded, encoded.length - 1);
        assertThat(again).as("one line").doesNotContain((byte) '\n');
        assertThat(LocalProtocolCodec.decode(again, 0, again.length)).isEqualTo(new Parsed(message));
    }
}
