package com.fleetlink.ingestion.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.teltonika.TeltonikaVectors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JSON that {@code decode} prints for every shared vector, compared byte for byte with what an
 * earlier decoder printed ({@code vectors.golden.jsonl}, one line per row, labelled table:line).
 * A faster decoder must not change one character of a record, a value's type or a rejection's text.
 */
class DecodeGoldenTest {
    private static final List<String> TABLES = List.of("wiki-vectors.tsv", "capture-vectors.tsv", "reject-vectors.tsv");

    @Test
    void decode_whenEverySharedVector_thenJsonIdenticalToTheGoldenFile() throws IOException {
        DecodeCommand command = new DecodeCommand();
        List<String> actual = new ArrayList<>();
        for (String table : TABLES) {
            for (TeltonikaVectors.Row row : TeltonikaVectors.load(table)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                command.decodeLine(row.get("hex"), out);
                actual.add(table + ":" + row.line() + "\t" + out.toString(StandardCharsets.UTF_8).stripTrailing());
            }
        }
        assertThat(actual).containsExactlyElementsOf(golden());
    }

    private static List<String> golden() throws IOException {
        try (InputStream in = DecodeGoldenTest.class.getResourceAsStream("vectors.golden.jsonl")) {
            assertThat(in).as("vectors.golden.jsonl on the test class path").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
