package com.fleetlink.ingestion.decode;

import com.fleetlink.ingestion.teltonika.TeltonikaVectors;
import java.util.function.Predicate;

/**
 * Hex frames picked from the shared protocol vectors ({@code wiki-vectors.tsv},
 * {@code capture-vectors.tsv}); reading the tables is left to {@link TeltonikaVectors}, this only
 * names the rows the decode tests want.
 */
final class SharedVectors {
    private SharedVectors() {
    }

    /** The hex of Teltonika's published example with id {@code id} (e.g. {@code W19}). */
    static String wiki(String id) {
        return hexOfFirst("wiki-vectors.tsv", "id", id::equals);
    }

    /** The hex of the first captured frame whose reference decoding mentions {@code fragment}. */
    static String captureDecodedAs(String fragment) {
        return hexOfFirst("capture-vectors.tsv", "decoded_by_ref_parser", cell -> cell.contains(fragment));
    }

    private static String hexOfFirst(String file, String column, Predicate<String> matches) {
        return TeltonikaVectors.load(file).stream()
                .filter(row -> matches.test(row.get(column)))
                .map(row -> row.get("hex"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row in " + file + " matches on column " + column));
    }
}
