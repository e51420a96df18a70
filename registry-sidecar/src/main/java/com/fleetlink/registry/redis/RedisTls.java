package com.fleetlink.registry.redis;

import io.lettuce.core.SslOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a {@code rediss://} connection trusts and presents, beyond the JVM's defaults.
 *
 * @param ca         PEM file of the CA certificate(s) that signed Redis' certificate; {@code null}
 *                   trusts the JVM's default CAs
 * @param clientCert PEM certificate chain presented to Redis (mutual TLS); {@code null} for none
 * @param clientKey  PEM (PKCS#8, unencrypted) private key of {@code clientCert}; given together with it
 */
public record RedisTls(Path ca, Path clientCert, Path clientKey) {
    /** Nothing beyond the JVM's defaults. */
    public static final RedisTls DEFAULTS = new RedisTls(null, null, null);

    public RedisTls {
        if ((clientCert == null) != (clientKey == null)) {
            throw new IllegalArgumentException("--redis-tls-cert and --redis-tls-key go together; only one was given");
        }
        readable("--redis-tls-ca", ca);
        readable("--redis-tls-cert", clientCert);
        readable("--redis-tls-key", clientKey);
    }

    private static void readable(String flag, Path file) {
        if (file != null && !Files.isReadable(file)) {
            throw new IllegalArgumentException(flag + ": cannot read " + file);
        }
    }

    /** Whether anything beyond the defaults is configured. */
    public boolean configured() {
        return ca != null || clientCert != null;
    }

    /** The Lettuce options for these files. */
    SslOptions sslOptions() {
        SslOptions.Builder builder = SslOptions.builder().jdkSslProvider();
        if (ca != null) {
            builder.trustManager(ca.toFile());
        }
        if (clientCert != null) {
            builder.keyManager(clientCert.toFile(), clientKey.toFile(), null);
        }
        return builder.build();
    }
}
