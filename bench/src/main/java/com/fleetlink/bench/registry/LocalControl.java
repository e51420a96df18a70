package com.fleetlink.bench.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A control client of the sidecar's socket (design §3): one request line, one JSON reply line. */
public final class LocalControl {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalControl() {
    }

    /** {@code {"type":"status"}}: held, pending, redis.connected, ingestion.lastSeq… */
    public static JsonNode status(Path socket) {
        return request(socket, "{\"type\":\"status\"}\n");
    }

    private static JsonNode request(Path socket, String line) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(4096);
            while (true) {
                in.clear();
                int n = channel.read(in);
                if (n < 0) {
                    break;
                }
                reply.write(in.array(), 0, n);
                if (n > 0 && in.array()[n - 1] == '\n') {
                    break;
                }
            }
            return JSON.readTree(reply.toByteArray());
        } catch (IOException e) {
            throw new BenchFailure("status request on " + socket + " failed: " + e, e);
        }
    }
}
