package com.fleetlink.protocol.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fleetlink.protocol.local.LocalMessage.Register;
import com.fleetlink.protocol.local.LocalMessage.Unregister;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The byte-wise reader of the encoder's register and unregister lines against the parser's reader it
 * stands in front of: on the lines the encoder writes it answers, and on any line it answers, the
 * parser's reader gives the same message.
 */
class PlainDeviceEventLineTest {
    private static final JsonFactory FACTORY = new JsonFactory();
    /** Bytes that turn a line into another kind of JSON, bad JSON or a quirk of the parsers. */
    private static final byte[] ODD_BYTES = {'0', '1', '9', '"', '\\', ' ', '}', '{', ',', ':', '-', '+', '.', 'e', 'x',
            0x1f, 0x7f, (byte) 0x80, (byte) 0xc3};

    static Stream<LocalMessage> encodedMessages() {
        return Stream.of(
                new Register("356307042441013", 7, 1_764_000_000_000L, 1),
                new Register("000000000000000", 0, 0, 0),
                new Register("999999999999999", 999_999_999_999_999_999L, 999_999_999_999_999_999L, 999_999_999_999_999_999L),
                new Unregister("356307042441013", 7, 1_764_000_000_500L, 2, "idle"),
                new Unregister("356307042441013", 7, 1_764_000_000_500L, 2, ""),
                new Unregister("356307042441013", 7, 1_764_000_000_500L, 2, "a b/c{}[]:,'~!"));
    }

    @ParameterizedTest
    @MethodSource("encodedMessages")
    void read_whenTheEncodersLine_thenItsMessageWithoutTheParser(LocalMessage message) {
        byte[] line = encoded(message);

        assertThat(PlainDeviceEventLine.read(line, 0, line.length)).isEqualTo(message);
        assertThat(DeviceEventReader.readWithParser(FACTORY, line, 0, line.length)).isEqualTo(message);
    }

    @Test
    void read_whenInTheMiddleOfABuffer_thenOnlyTheGivenBytes() {
        byte[] line = encoded(new Register("356307042441013", 7, 8, 9));
        byte[] buffer = new byte[line.length + 6];
        Arrays.fill(buffer, (byte) '7');
        System.arraycopy(line, 0, buffer, 3, line.length);

        assertThat(PlainDeviceEventLine.read(buffer, 3, line.length)).isEqualTo(new Register("356307042441013", 7, 8, 9));
        assertThat(PlainDeviceEventLine.read(buffer, 3, line.length + 1)).isNull();
        assertThat(PlainDeviceEventLine.read(buffer, 3, line.length - 1)).isNull();
    }

    /** Lines the parsers read otherwise than the plain shape suggests, or refuse: all left to them. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"register\",\"imei\":\"356307042441013\",\"conn\":01,\"at\":2,\"seq\":3}",
        "{\"type\":\"register\",\"imei\":\"356307042441013\",\"conn\":1234567890123456789,\"at\":2,\"seq\":3}",
        "{\"type\":\"register\",\"imei\":\"356307042441013\",\"conn\":9223372036854775808,\"at\":2,\"seq\":3}",
        "{\"type\":\"register\",\"imei\":\"356307042441013\",\"conn\":1,\"at\":2,\"seq\":3} ",
        "{\"type\":\"register\",\"imei\":\"356307042441013\",\"conn\":1,\"at\":2,\"seq\":3,\"reason\":\"x\"}",
        "{\"type\":\"unregister\",\"imei\":\"356307042441013\",\"conn\":1,\"at\":2,\"seq\":3}",
        "{\"type\":\"unregister\",\"imei\":\"356307042441013\",\"conn\":1,\"at\":2,\"seq\":3,\"reason\":\"a\\\"b\"}",
        "{\"type\":\"unregister\",\"imei\":\"356307042441013\",\"conn\":1,\"at\":2,\"seq\":3,\"reason\":\"\u00e9\"}",
        "{\"type\":\"unregister\",\"imei\":\"356307042441013\",\"conn\":1,\"at\":2,\"seq\":3,\"reason\":\"x\"",
        "{\"type\":\"register\",\"imei\":\"35630704244101\",\"conn\":1,\"at\":2,\"seq\":3}",
        "{\"type\":\"register\", \"imei\":\"356307042441013\",\"conn\":1,\"at\":2,\"seq\":3}",
    })
    void read_whenNotExactlyTheEncodersShape_thenLeftToTheParsers(String text) {
        byte[] line = text.getBytes(StandardCharsets.UTF_8);

        assertThat(PlainDeviceEventLine.read(line, 0, line.length)).isNull();
    }

    /**
     * Every one-byte change, deletion and insertion of an odd byte in the encoder's lines: whatever the
     * byte-wise reader answers, the parser's reader answers the same.
     */
    @Test
    void read_whenAnyByteOfTheEncodersLineChanges_thenNullOrTheParsersMessage() {
        Random random = new Random(14);
        List<LocalMessage> messages = Stream.concat(encodedMessages(), Stream.generate(() -> randomMessage(random)).limit(20)).toList();
        int answered = 0;
        for (LocalMessage message : messages) {
            byte[] line = encoded(message);
            for (int i = 0; i <= line.length; i++) {
                for (byte odd : ODD_BYTES) {
                    if (i < line.length) {
                        answered += agreed(replaced(line, i, odd));
                    }
                    answered += agreed(inserted(line, i, odd));
                }
                if (i < line.length) {
                    answered += agreed(deleted(line, i));
                }
            }
        }
        assertThat(answered).as("changed lines the byte-wise reader still read").isPositive();
    }

    /** 1 when the byte-wise reader read the line, after checking the parser's reader reads the same. */
    private static int agreed(byte[] line) {
        LocalMessage plain = PlainDeviceEventLine.read(line, 0, line.length);
        if (plain == null) {
            return 0;
        }
        assertThat(plain).as(new String(line, StandardCharsets.ISO_8859_1))
                .isEqualTo(DeviceEventReader.readWithParser(FACTORY, line, 0, line.length));
        return 1;
    }

    private static LocalMessage randomMessage(Random random) {
        StringBuilder imei = new StringBuilder();
        for (int i = 0; i < 15; i++) {
            imei.append(random.nextInt(10));
        }
        long conn = random.nextInt(1000);
        long at = 1_764_000_000_000L + random.nextInt(1_000_000);
        long seq = random.nextLong(1, Long.MAX_VALUE / 1000);
        return random.nextBoolean() ? new Register(imei.toString(), conn, at, seq)
                : new Unregister(imei.toString(), conn, at, seq, random.nextBoolean() ? "idle" : "peer_closed");
    }

    private static byte[] encoded(LocalMessage message) {
        byte[] line = LocalProtocolCodec.encode(message);
        return Arrays.copyOf(line, line.length - 1);
    }

    private static byte[] replaced(byte[] line, int at, byte value) {
        byte[] copy = line.clone();
        copy[at] = value;
        return copy;
    }

    private static byte[] inserted(byte[] line, int at, byte value) {
        byte[] copy = new byte[line.length + 1];
        System.arraycopy(line, 0, copy, 0, at);
        copy[at] = value;
        System.arraycopy(line, at, copy, at + 1, line.length - at);
        return copy;
    }

    private static byte[] deleted(byte[] line, int at) {
        byte[] copy = new byte[line.length - 1];
        System.arraycopy(line, 0, copy, 0, at);
        System.arraycopy(line, at + 1, copy, at, line.length - at - 1);
        return copy;
    }
}
