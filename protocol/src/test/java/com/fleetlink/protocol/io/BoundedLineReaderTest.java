package com.fleetlink.protocol.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.protocol.io.BoundedLineReader.End;
import com.fleetlink.protocol.io.BoundedLineReader.Line;
import com.fleetlink.protocol.io.BoundedLineReader.Read;
import com.fleetlink.protocol.io.BoundedLineReader.TooLong;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedLineReaderTest {

    /** Hands out one piece per read, as a socket delivers what has arrived so far. */
    private static BoundedLineReader reading(int limit, String... pieces) {
        byte[][] bytes = new byte[pieces.length][];
        for (int i = 0; i < pieces.length; i++) {
            bytes[i] = pieces[i].getBytes(StandardCharsets.UTF_8);
        }
        return reading(limit, bytes);
    }

    private static BoundedLineReader reading(int limit, byte[]... pieces) {
        Deque<byte[]> left = new ArrayDeque<>(List.of(pieces));
        return new BoundedLineReader((buf, offset, length) -> {
            byte[] piece = left.poll();
            if (piece == null) {
                return -1;
            }
            int n = Math.min(length, piece.length);
            System.arraycopy(piece, 0, buf, offset, n);
            if (n < piece.length) {
                left.push(Arrays.copyOfRange(piece, n, piece.length));
            }
            return n;
        }, limit);
    }

    /** Every read up to and including the end, lines as their text (unterminated ones marked with "<cut>"). */
    private static List<String> all(BoundedLineReader reader) throws IOException {
        List<String> seen = new ArrayList<>();
        while (true) {
            Read read = reader.next();
            if (read instanceof Line line) {
                seen.add(line.text() + (line.terminated() ? "" : "<cut>"));
            } else if (read instanceof TooLong tooLong) {
                seen.add("<too long: over " + tooLong.limit() + ">");
            } else {
                assertThat(read).isInstanceOf(End.class);
                seen.add("<end>");
                return seen;
            }
        }
    }

    @Test
    void next_whenLinesArriveSplitAcrossReadsAndTogether_thenEachComesOutWhole() throws IOException {
        BoundedLineReader reader = reading(64, "{\"type\":\"pi", "ng\",\"n\":1}\n{\"type\":\"resync\"}\n{\"ty", "pe\":\"ping\",\"n\":2}\n");

        assertThat(all(reader)).containsExactly("{\"type\":\"ping\",\"n\":1}", "{\"type\":\"resync\"}", "{\"type\":\"ping\",\"n\":2}", "<end>");
    }

    @Test
    void next_whenAMultiByteCharacterIsSplitAcrossReads_thenTheLineDecodesWhole() throws IOException {
        byte[] text = "Zürich\n".getBytes(StandardCharsets.UTF_8);
        BoundedLineReader reader = reading(64, Arrays.copyOfRange(text, 0, 2), Arrays.copyOfRange(text, 2, text.length));

        assertThat(all(reader)).containsExactly("Zürich", "<end>");
    }

    @Test
    void next_whenALineExceedsTheLimit_thenTooLongOnceAndTheLinesAroundItSurvive() throws IOException {
        BoundedLineReader reader = reading(8, "12345678\n", "123456789", "0123", "4567\nok\n");

        assertThat(all(reader)).containsExactly("12345678", "<too long: over 8>", "ok", "<end>");
    }

    @Test
    void next_whenALineExceedsTheLimit_thenItSaysSoBeforeItsNewlineArrives() throws IOException {
        BoundedLineReader reader = reading(8, "123456789");

        assertThat(reader.next()).isEqualTo(new TooLong(8));
        assertThat(reader.next()).isInstanceOf(End.class);
    }

    @Test
    void next_whenTheLastLineHasNoNewline_thenItComesUnterminated() throws IOException {
        BoundedLineReader reader = reading(64, "a\n", "cut sho", "rt");

        assertThat(all(reader)).containsExactly("a", "cut short<cut>", "<end>");
    }

    @Test
    void next_whenEmptyLines_thenEachIsAnEmptyTerminatedLine() throws IOException {
        BoundedLineReader reader = reading(64, "\n\na\n", "\n");

        assertThat(all(reader)).containsExactly("", "", "a", "", "<end>");
    }

    @Test
    void next_afterTheEnd_thenTheEndAgain() throws IOException {
        BoundedLineReader reader = reading(64, new byte[0][]);

        assertThat(reader.next()).isInstanceOf(End.class);
        assertThat(reader.next()).isInstanceOf(End.class);
    }

    @Test
    void next_whenLinesLongerThanTheReadChunk_thenWholeUpToTheLimit() throws IOException {
        String longLine = "x".repeat(100_000);
        BoundedLineReader reader = BoundedLineReader.of(
                Channels.newChannel(new ByteArrayInputStream((longLine + "\n" + longLine + "y\nz\n").getBytes(StandardCharsets.UTF_8))),
                100_000);

        assertThat(((Line) reader.next()).text()).isEqualTo(longLine);
        assertThat(reader.next()).isEqualTo(new TooLong(100_000));
        assertThat(((Line) reader.next()).text()).isEqualTo("z");
    }

    @Test
    void line_blank_whenOnlyWhitespace() throws IOException {
        BoundedLineReader reader = BoundedLineReader.of(new ByteArrayInputStream(" \t\r\n x\n".getBytes(StandardCharsets.UTF_8)), 64);

        assertThat(((Line) reader.next()).blank()).isTrue();
        assertThat(((Line) reader.next()).blank()).isFalse();
    }
}
