package com.fleetlink.protocol.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code probe}: asks the daemon on this host for one health endpoint, for container health checks
 * on images that carry no curl or wget. Prints one line on stdout; exit 0 when the endpoint answers
 * 200, 1 on any other answer or no answer in time, 3 when nothing listens on the port, 2 when no
 * port is given (design §7).
 */
@Command(name = "probe", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class, sortOptions = false,
        description = "GET a health endpoint of the daemon on this host (for container health checks). "
                + "Exit 0 on 200, 1 otherwise, 3 when nothing listens.")
public final class ProbeCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:METRICS_PORT}",
            description = "The daemon's metrics port (METRICS_PORT, no default: the daemon's own setting is meant).")
    Integer port;

    @Option(names = "--path", paramLabel = "PATH", defaultValue = "/livez",
            description = "Endpoint to ask, /livez or /readyz (default ${DEFAULT-VALUE}).")
    String path;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2s",
            description = "No answer in this time counts as unhealthy (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (port == null) {
            throw new IllegalArgumentException("no metrics port: pass --port or set METRICS_PORT");
        }
        PrintWriter out = spec.commandLine().getOut();
        URI uri = URI.create("http://127.0.0.1:" + port + (path.startsWith("/") ? path : "/" + path));
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            out.println((status == 200 ? "ok: " : "not ok: ") + uri + " answered " + status);
            return status == 200 ? ExitCodes.OK : ExitCodes.FAILURE;
        } catch (ConnectException e) {
            out.println("unreachable: nothing listens on " + uri);
            return ExitCodes.UNREACHABLE;
        } catch (HttpTimeoutException e) {
            out.println("not ok: " + uri + " gave no answer within " + timeout.toMillis() + " ms");
            return ExitCodes.FAILURE;
        } catch (IOException e) {
            out.println("not ok: " + uri + " failed: " + e);
            return ExitCodes.FAILURE;
        }
    }
}
