package com.fleetlink.registry.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** Rotated files: a standard gzip whose body is zlib's fastest deflate. */
class FastGzipOutputStreamTest {
    /** gzip's fixed header and its trailer (CRC-32 and length) around the deflate body. */
    private static final int HEADER_BYTES = 10;
    private static final int TRAILER_BYTES = 8;

    private static byte[] lines() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            text.append("{\"ts\":1796650754489,\"kind\":\"received\",\"type\":\"register\",\"imei\":\"")
                    .append(350000010000000L + i).append("\",\"conn\":").append(i).append(",\"seq\":").append(i).append("}\n");
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] fastestDeflate(byte[] input) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        deflater.setInput(input);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        while (!deflater.finished()) {
            out.write(chunk, 0, deflater.deflate(chunk));
        }
        deflater.end();
        return out.toByteArray();
    }

    @Test
    void write_thenTheBodyIsTheFastestLevelsDeflateAndReadsBackAsGzip() throws Exception {
        byte[] input = lines();
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (FastGzipOutputStream out = new FastGzipOutputStream(gzip, 64 * 1024)) {
            out.write(input);
        }
        byte[] file = gzip.toByteArray();

        assertThat(Arrays.copyOfRange(file, HEADER_BYTES, file.length - TRAILER_BYTES)).isEqualTo(fastestDeflate(input));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(file))) {
            assertThat(in.readAllBytes()).isEqualTo(input);
        }
    }
}
