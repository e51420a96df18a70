package com.fleetlink.ingestion.decode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Frames from the shared protocol vectors ({@code wiki-vectors.tsv}, {@code capture-vectors.tsv}),
 * found through the {@code shared.dir} system property that the build sets. Columns are looked up
 * by their header name so that a column added to a file does not shift what a test reads.
 */
final class SharedVectors {
    private SharedVectors() {
    }

    /** The hex of Teltonika's published example with id {@code id} (e.g. {@code W19}). */
    static String wiki(String id) throws IOException {
        return hexOfFirst("wiki-vectors.tsv", "id", id::equals);
    }

    /** The hex of the first captured frame whose reference decoding mentions {@code fragment}. */
    static String captureDecodedAs(String fragment) throws IOException {
        return hexOfFirst("capture-vectors.tsv", "decoded_by_ref_parser", cell -> cell.contains(fragment));
    }

    private static String hexOfFirst(String file, String column, Predicate<String> matches) throws IOException {
        String shared = System.getProperty("shared.dir");
        if (shared == null) {
            throw new AssertionError("system property shared.dir is not set; run the tests through Maven");
        }
        List<String> rows = Files.readAllLines(Path.of(shared, "teltonika", file));
        List<String> header = Arrays.asList(rows.get(0).split("\t", -1));
        int keyColumn = header.indexOf(column);
        int hexColumn = header.indexOf("hex");
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split("\t", -1);
            if (cells.length > keyColumn && matches.test(cells[keyColumn])) {
                return cells[hexColumn];
            }
        }
        throw new AssertionError("no row in " + file + " matches on column " + column);
    }
}
