package com.fleetlink.ingestion.teltonika;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the shared Teltonika vector tables: tab-separated, one header row, found under the
 * {@code shared.dir} system property that surefire sets, so no path of one machine is written down.
 */
public final class TeltonikaVectors {
    private TeltonikaVectors() {
    }

    /** One row of a table, by column name. */
    public record Row(int line, Map<String, String> columns) {
        /** The cell of {@code column}; fails loudly on a misspelt column rather than yielding null. */
        public String get(String column) {
            String value = columns.get(column);
            if (value == null) {
                throw new IllegalArgumentException("no column '" + column + "' in " + columns.keySet());
            }
            return value;
        }

        /** The row's {@code hex} column as a buffer. */
        public ByteBuf frame() {
            return hexBuffer(get("hex"));
        }

        @Override
        public String toString() {
            return "line " + line;
        }
    }

    /** Every data row of {@code teltonika/<name>} in the shared folder. */
    public static List<Row> load(String name) {
        String dir = System.getProperty("shared.dir");
        if (dir == null) {
            throw new IllegalStateException("system property shared.dir is not set (surefire sets it)");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(dir, "teltonika", name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] header = lines.get(0).split("\t", -1);
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] cells = lines.get(i).split("\t", -1);
            Map<String, String> columns = new LinkedHashMap<>();
            for (int c = 0; c < header.length; c++) {
                columns.put(header[c], c < cells.length ? cells[c].trim() : "");
            }
            rows.add(new Row(i + 1, columns));
        }
        return rows;
    }

    /** A buffer holding the bytes of a hex string; whitespace is ignored so tests can group bytes. */
    public static ByteBuf hexBuffer(String hex) {
        return Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex.replaceAll("\\s", "")));
    }
}
