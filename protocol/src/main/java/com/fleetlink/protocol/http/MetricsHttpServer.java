package com.fleetlink.protocol.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Serves {@code /metrics}, {@code /livez} and {@code /readyz} on one port (design §7).
 *
 * <p>Runs on its own single thread so a slow scrape can never touch a Netty event loop. The two
 * probes are callbacks because what "alive" and "ready" mean differs per process; neither may
 * depend on Redis or on the peer process.
 */
public final class MetricsHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds and starts the server.
     *
     * @param port   the port, {@code 0} for any free one (see {@link #port()})
     * @param live   answers {@code /livez}
     * @param ready  answers {@code /readyz}
     */
    public static MetricsHttpServer start(String host, int port, PrometheusRegistry registry,
                                          BooleanSupplier live, BooleanSupplier ready) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
        PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
        exact(server, "/metrics", exchange -> {
            ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
            writer.write(body, registry.scrape());
            respond(exchange, 200, writer.getContentType(), body.toByteArray());
        });
        exact(server, "/livez", exchange -> probe(exchange, live));
        exact(server, "/readyz", exchange -> probe(exchange, ready));
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return new MetricsHttpServer(server, executor);
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Serves {@code path} alone: a context also matches every path that merely starts with it
     * ({@code /metricsfoo}, {@code /livez/x}), which must answer 404 like any unknown path.
     */
    private static void exact(HttpServer server, String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            if (exchange.getRequestURI().getPath().equals(path)) {
                handler.handle(exchange);
            } else {
                respond(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    private static void probe(HttpExchange exchange, BooleanSupplier check) throws IOException {
        boolean ok = check.getAsBoolean();
        respond(exchange, ok ? 200 : 503, "text/plain; charset=utf-8",
                (ok ? "ok\n" : "not ok\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
