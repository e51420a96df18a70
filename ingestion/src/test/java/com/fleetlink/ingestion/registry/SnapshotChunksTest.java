package com.fleetlink.ingestion.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.session.DeviceSession;
import com.fleetlink.protocol.local.LocalMessage.HeldDevice;
import com.fleetlink.protocol.local.LocalMessage.Snapshot;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotChunksTest {

    private static List<DeviceSession> sessions(int n) {
        List<DeviceSession> sessions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sessions.add(new DeviceSession(String.format("35%013d", i), i + 1, null, 0));
        }
        return sessions;
    }

    @Test
    void of_whenNothingIsHeld_thenOneEmptyLastChunk() {
        assertThat(SnapshotChunks.of("7", List.of(), 1000))
                .containsExactly(new Snapshot("7", List.of(), true));
    }

    @Test
    void of_whenMoreThanAChunk_thenFullChunksOneIdAndLastOnlyOnTheFinalOne() {
        List<DeviceSession> held = sessions(2500);

        List<Snapshot> chunks = SnapshotChunks.of("3", held, 1000);

        assertThat(chunks).extracting(c -> c.imeis().size()).containsExactly(1000, 1000, 500);
        assertThat(chunks).extracting(Snapshot::last).containsExactly(false, false, true);
        assertThat(chunks).extracting(Snapshot::snap).containsOnly("3");
        List<HeldDevice> all = chunks.stream().flatMap(c -> c.imeis().stream()).toList();
        assertThat(all).containsExactlyElementsOf(held.stream().map(s -> new HeldDevice(s.imei(), s.conn())).toList());
    }

    @Test
    void of_whenExactlyOneChunk_thenNoEmptyTrailingChunk() {
        assertThat(SnapshotChunks.of("1", sessions(1000), 1000)).singleElement()
                .satisfies(c -> assertThat(c.last()).isTrue());
    }
}
