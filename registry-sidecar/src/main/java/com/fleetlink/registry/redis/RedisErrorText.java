package com.fleetlink.registry.redis;

import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;

/**
 * Turns a Redis connection failure into the one line logs and {@code status} show: the innermost
 * cause, prefixed with what went wrong when it was TLS, so a wrong CA reads as such and not as a
 * bare "PKIX path building failed". Lettuce's messages name hosts and users, never passwords.
 */
final class RedisErrorText {
    private RedisErrorText() {
    }

    static String oneLine(Throwable error) {
        Throwable root = error;
        boolean tls = false;
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            tls |= t instanceof SSLException || t instanceof CertificateException;
            root = t;
        }
        String text = root.getClass().getSimpleName() + ": " + root.getMessage();
        return tls ? "TLS handshake failed, Redis' certificate is not trusted or ours was refused (" + text + ")" : text;
    }
}
