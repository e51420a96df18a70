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
            sessions.add(new DeviceSession(String.format("35%013d", i), i + 1, null, System.currentTimeMillis() - i));
        }
        return sessions;
    }

    @Test
    void of_whenNothingIsHeld_thenOneEmptyLastChunk() {
        assertThat(SnapshotChunks.of("7", List.of(), 1000, false))
                .containsExactly(new Snapshot("7", List.of(), true));
    }

    @Test
    void of_whenMoreThanAChunk_thenFullChunksOneIdAndLastOnlyOnTheFinalOne() {
        List<DeviceSession> held = sessions(2500);

        List<Snapshot> chunks = SnapshotChunks.of("3", held, 1000, false);

        assertThat(chunks).extracting(c -> c.imeis().size()).containsExactly(1000, 1000, 500);
        assertThat(chunks).extracting(Snapshot::last).containsExactly(false, false, true);
        assertThat(chunks).extracting(Snapshot::snap).containsOnly("3");
        List<HeldDevice> all = chunks.stream().flatMap(c -> c.imeis().stream()).toList();
        assertThat(all).containsExactlyElementsOf(held.stream().map(s -> new HeldDevice(s.imei(), s.conn())).toList());
    }

    @Test
    void of_whenWithAt_thenEachEntryCarriesItsHandshakesTime() {
        List<DeviceSession> held = sessions(3);

        List<HeldDevice> entries = SnapshotChunks.of("4", held, 1000, true).get(0).imeis();

        assertThat(entries).containsExactlyElementsOf(held.stream().map(s -> new HeldDevice(s.imei(), s.conn(), s.connectedAt())).toList());
    }

    @Test
    void of_whenWithoutAt_thenNoEntryCarriesATime() {
        assertThat(SnapshotChunks.of("5", sessions(3), 1000, false).get(0).imeis())
                .extracting(HeldDevice::at).containsOnly(HeldDevice.NO_AT);
    }

    @Test
    void of_whenExactlyOneChunk_thenNoEmptyTrailingChunk() {
        assertThat(SnapshotChunks.of("1", sessions(1000), 1000, false)).singleElement()
                .satisfies(c -> assertThat(c.last()).isTrue());
    }
}
