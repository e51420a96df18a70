package com.fleetlink.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A private CA with a server certificate for 127.0.0.1 and a client certificate, plus an unrelated
 * second CA, generated at test time with the {@code openssl} command-line tool. Keys are EC P-256 in
 * unencrypted PKCS#8 PEM, which both redis-server and the JDK read.
 *
 * @param ca         the CA certificate that signed both certificates
 * @param serverCert the server certificate (SAN IP 127.0.0.1, DNS localhost)
 * @param serverKey  its key
 * @param clientCert a client certificate for mutual TLS
 * @param clientKey  its key
 * @param otherCa    a CA that signed neither, for the wrong-CA case
 */
public record TlsFiles(Path ca, Path serverCert, Path serverKey, Path clientCert, Path clientKey, Path otherCa) {

    /** Generates every file into {@code dir}. */
    public static TlsFiles generate(Path dir) throws IOException, InterruptedException {
        Path ca = dir.resolve("ca.crt");
        Path caKey = dir.resolve("ca.key");
        selfSigned(dir, "fleetlink-test-ca", caKey, ca);
        Path otherCa = dir.resolve("other-ca.crt");
        selfSigned(dir, "unrelated-ca", dir.resolve("other-ca.key"), otherCa);
        Path serverCert = dir.resolve("server.crt");
        Path serverKey = dir.resolve("server.key");
        signed(dir, "localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost", ca, caKey, serverKey, serverCert);
        Path clientCert = dir.resolve("client.crt");
        Path clientKey = dir.resolve("client.key");
        signed(dir, "registry-sidecar", "extendedKeyUsage=clientAuth", ca, caKey, clientKey, clientCert);
        return new TlsFiles(ca, serverCert, serverKey, clientCert, clientKey, otherCa);
    }

    private static void selfSigned(Path dir, String name, Path key, Path cert) throws IOException, InterruptedException {
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=" + name);
    }

    private static void signed(Path dir, String name, String extension, Path ca, Path caKey, Path key, Path cert)
            throws IOException, InterruptedException {
        Path request = dir.resolve(name + ".csr");
        Path extensions = dir.resolve(name + ".ext");
        Files.writeString(extensions, extension + "\n");
        openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", key.toString(), "-out", request.toString(), "-subj", "/CN=" + name);
        openssl(dir, "x509", "-req", "-in", request.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-out", cert.toString(), "-days", "2", "-extfile", extensions.toString());
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Path output = dir.resolve("openssl.log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (p.waitFor() != 0) {
            throw new IOException("openssl " + args[0] + " failed: " + Files.readString(output));
        }
    }
}
