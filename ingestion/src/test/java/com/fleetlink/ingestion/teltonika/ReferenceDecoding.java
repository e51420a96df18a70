package com.fleetlink.ingestion.teltonika;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.teltonika.DecodeResult.CommandMessage;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;

/**
 * Reads the {@code decoded_by_ref_parser} column of the vector tables (what an independent parser
 * made of each frame) and checks our decoding against it, field by field.
 *
 * <p>A key this class does not know fails the check, so a value the table lists can never be
 * skipped silently.
 */
final class ReferenceDecoding {
    private static final Pattern RECORD_COUNT = Pattern.compile("records=(\\d+)");
    private static final Pattern RECORD_LABEL = Pattern.compile("rec\\d+: ");
    private static final Pattern FIELD = Pattern.compile("(\\w+)=(\\{[^}]*}|\\S+)");
    private static final Pattern COMMAND = Pattern.compile(
            "type=0x(\\p{XDigit}{2}) size=(\\d+)(?: ts=(\\p{XDigit}{8}))?(?: imei=(\\d{16}))? (?:text|payload)=(?:hex:(\\p{XDigit}*)|'(.*)')$");

    private ReferenceDecoding() {
    }

    /** The {@code records=N} the reference parser found. */
    static int recordCount(String text) {
        Matcher m = RECORD_COUNT.matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException("no records=N in: " + text);
        }
        return Integer.parseInt(m.group(1));
    }

    /**
     * The fields of each record the text lists, by key. Records follow {@code records=N;} as
     * {@code rec0: ... | rec1: ...}; the capture table lists only the first.
     */
    static List<Map<String, String>> records(String text) {
        List<Map<String, String>> records = new ArrayList<>();
        String[] parts = RECORD_LABEL.split(text);
        for (int i = 1; i < parts.length; i++) {
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher m = FIELD.matcher(parts[i]);
            while (m.find()) {
                fields.put(m.group(1), m.group(2));
            }
            records.add(fields);
        }
        return records;
    }

    /** Checks every listed field of {@code expected} against {@code actual}. */
    static void assertRecord(Map<String, String> expected, AvlRecord actual) {
        SoftAssertions soft = new SoftAssertions();
        for (Map.Entry<String, String> field : expected.entrySet()) {
            String key = field.getKey();
            String value = field.getValue();
            switch (key) {
                case "ts" -> soft.assertThat(actual.timestamp()).as("ts").isEqualTo(Long.parseLong(value));
                case "t" -> soft.assertThat(actual.timestamp()).as("t").isEqualTo(Instant.parse(value).toEpochMilli());
                case "prio" -> soft.assertThat(actual.priority()).as("prio").isEqualTo(Integer.parseInt(value));
                case "lon" -> soft.assertThat(actual.longitude()).as("lon").isEqualTo(fixedPoint(value));
                case "lat" -> soft.assertThat(actual.latitude()).as("lat").isEqualTo(fixedPoint(value));
                case "alt" -> soft.assertThat(actual.altitude()).as("alt").isEqualTo(Integer.parseInt(value));
                case "angle" -> soft.assertThat(actual.angle()).as("angle").isEqualTo(Integer.parseInt(value));
                case "sats" -> soft.assertThat(actual.satellites()).as("sats").isEqualTo(Integer.parseInt(value));
                case "speed" -> soft.assertThat(actual.speed()).as("speed").isEqualTo(Integer.parseInt(value));
                case "event" -> soft.assertThat(actual.eventId()).as("event").isEqualTo(Integer.parseInt(value));
                case "gen" -> soft.assertThat(actual.generationType()).as("gen").isEqualTo(Integer.parseInt(value));
                case "N" -> soft.assertThat(actual.io().size()).as("N").isEqualTo(Integer.parseInt(value));
                // "declared/decoded": both must be what we decoded.
                case "nIO" -> soft.assertThat(value.split("/")).as("nIO")
                        .containsOnly(String.valueOf(actual.io().size()));
                case "io" -> soft.assertThat(ioEntries(actual.io())).as("io")
                        .containsExactlyElementsOf(expectedIoEntries(value));
                default -> soft.fail("the table lists '" + key + "', which this check does not know");
            }
        }
        if (!expected.containsKey("gen")) {
            soft.assertThat(actual.generationType()).as("gen").isEqualTo(AvlRecord.NO_GENERATION_TYPE);
        }
        soft.assertAll();
    }

    /**
     * Checks a Codec 12/13/14 description ({@code type=0x06 size=8 [ts=…] [imei=…] payload=...})
     * against {@code actual}; the size the table lists counts the codec's header (timestamp or IMEI).
     */
    static void assertCommand(String text, CommandMessage actual) {
        Matcher m = COMMAND.matcher(text);
        assertThat(m.find()).as("command description: %s", text).isTrue();
        assertThat(actual.type()).as("type").isEqualTo(Integer.parseInt(m.group(1), 16));
        int header = actual.codec().messageHeaderLength();
        assertThat(actual.payload()).as("size").hasSize(Integer.parseInt(m.group(2)) - header);
        assertThat(actual.timestamp()).as("ts")
                .isEqualTo(m.group(3) == null ? CommandMessage.NO_TIMESTAMP : Long.parseLong(m.group(3), 16));
        assertThat(actual.imei()).as("imei").isEqualTo(m.group(4) == null ? null : m.group(4).substring(1));
        if (m.group(5) != null) {
            // Long payloads are printed cut short, so the listed bytes are a prefix.
            assertThat(HexFormat.of().formatHex(actual.payload())).as("payload").startsWith(m.group(5).toLowerCase());
        } else {
            assertThat(actual.text()).as("text").isEqualTo(unescape(m.group(6)));
        }
    }

    /** Decimal degrees with seven places as the wire's degrees × 10⁷. */
    private static int fixedPoint(String degrees) {
        return new BigDecimal(degrees).movePointRight(7).intValueExact();
    }

    /** Our IO elements in wire order as {@code id=value}: unsigned decimal, or {@code nx:hex}. */
    private static List<String> ioEntries(IoElements io) {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < io.fixedCount(); i++) {
            entries.add(io.id(i) + "=" + Long.toUnsignedString(io.value(i)));
        }
        for (int i = 0; i < io.variableCount(); i++) {
            entries.add(io.variableId(i) + "=nx:" + HexFormat.of().formatHex(io.variableValue(i)));
        }
        return entries;
    }

    /**
     * The table's {@code {id: value, ...}} in the same form. A quoted {@code '0x…'} is a number the
     * reference printed in hex (it does so for wide values); any other quoted string is the hex of
     * an NX value.
     */
    private static List<String> expectedIoEntries(String braces) {
        List<String> entries = new ArrayList<>();
        String inner = braces.substring(1, braces.length() - 1).trim();
        if (inner.isEmpty()) {
            return entries;
        }
        for (String entry : inner.split(", ")) {
            String[] idValue = entry.split(": ", 2);
            String value = idValue[1];
            String normalized;
            if (value.startsWith("'0x")) {
                normalized = new BigInteger(value.substring(3, value.length() - 1), 16).toString();
            } else if (value.startsWith("'")) {
                normalized = "nx:" + value.substring(1, value.length() - 1).toLowerCase();
            } else {
                normalized = new BigInteger(value).toString();
            }
            entries.add(Integer.parseInt(idValue[0]) + "=" + normalized);
        }
        return entries;
    }

    /** Undoes the backslash escapes the table uses in quoted text. */
    private static String unescape(String quoted) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c != '\\' || i + 1 == quoted.length()) {
                sb.append(c);
                continue;
            }
            char next = quoted.charAt(++i);
            switch (next) {
                case 'r' -> sb.append('\r');
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'x' -> {
                    sb.append((char) Integer.parseInt(quoted.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> sb.append(next);
            }
        }
        return sb.toString();
    }

    /** Asserts that the parser refuses {@code frame} for {@code reason}. */
    static void assertRejected(io.netty.buffer.ByteBuf frame, RejectReason reason) {
        org.assertj.core.api.Assertions.assertThat(TeltonikaPacketParser.parse(frame))
                .isInstanceOfSatisfying(DecodeResult.Rejected.class, r -> org.assertj.core.api.Assertions.assertThat(r.reason()).isEqualTo(reason));
    }
}
