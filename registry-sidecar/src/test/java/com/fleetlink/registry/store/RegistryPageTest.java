package com.fleetlink.registry.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The janitor batches its deletes in the order a page lists its fields; that order must be the
 * scan's own, the same in every JVM, or a simulation seed replays differently in another process.
 */
class RegistryPageTest {

    @Test
    void fields_whenGivenInScanOrder_thenKeepThatOrder() {
        Map<String, String> scanned = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            scanned.put(Long.toString(356_307_042_441_000L + 7L * (40 - i)), "pod-" + (char) ('a' + i % 3));
        }

        RegistryPage page = new RegistryPage("17", scanned, false);

        assertThat(page.fields().keySet()).containsExactlyElementsOf(scanned.keySet());
        assertThat(page.fields()).isEqualTo(scanned);
    }
}
