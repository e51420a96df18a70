package com.fleetlink.deploy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A product's setting as its process will see it: what the deployment sets, else what the image's
 * ENV sets, else the default the command declares. This is how the tests compare a manifest with
 * the image and the jar without repeating either's defaults.
 */
final class EffectiveEnv {
    private final Product product;
    private final Map<String, String> declared;
    private final Map<String, String> image;

    EffectiveEnv(Product product, Map<String, String> declared, Dockerfile dockerfile) {
        this.product = product;
        this.declared = declared;
        this.image = dockerfile.image(product.id()).env();
    }

    /** The value, or {@code null} when nobody sets it and the command has no default. */
    String get(String variable) {
        if (declared.containsKey(variable)) {
            return declared.get(variable);
        }
        if (image.containsKey(variable)) {
            return image.get(variable);
        }
        return product.run().envDefault(variable).orElse(null);
    }

    /** The value read as the jar reads a duration. */
    Duration duration(String variable) {
        return Product.duration(get(variable));
    }

    /**
     * The settings the deployment gives a value other than the image's own ENV: a second source of
     * truth that would make the image's health check or ports disagree with the process. JAVA_OPTS
     * is exempt, since a deployment sizes the JVM to its own limits.
     */
    List<String> disagreementsWithTheImage() {
        return declared.entrySet().stream()
                .filter(e -> !e.getKey().equals(Product.JAVA_OPTS))
                .filter(e -> image.containsKey(e.getKey()) && !image.get(e.getKey()).equals(e.getValue()))
                .map(e -> e.getKey() + "=" + e.getValue() + " (image: " + image.get(e.getKey()) + ")")
                .toList();
    }

    /** The value read as a port or count. */
    int integer(String variable) {
        return Integer.parseInt(get(variable));
    }
}
