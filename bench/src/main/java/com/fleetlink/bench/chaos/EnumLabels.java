package com.fleetlink.bench.chaos;

import java.util.Locale;

/** The names the report gives enum constants: {@code REDIS_RESTART_EMPTY} → {@code redisRestartEmpty}. */
final class EnumLabels {
    private EnumLabels() {
    }

    static String camelCase(Enum<?> constant) {
        String[] words = constant.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder label = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            label.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return label.toString();
    }
}
