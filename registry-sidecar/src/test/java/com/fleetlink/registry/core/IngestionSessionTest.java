package com.fleetlink.registry.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.protocol.local.LocalMessage.HeldDevice;
import com.fleetlink.protocol.local.LocalMessage.Snapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The session's packed snapshot and withheld rows keep what the maps they replaced kept. */
class IngestionSessionTest {
    private final IngestionSession session = new IngestionSession(null, "boot", 0, true, 0);

    @Test
    void aSnapshotInChunks_keepsOneRowPerImei_theLaterChunkWinning_inFirstToldOrder() {
        assertThat(session.snapshotChunk(new Snapshot("s1", List.of(new HeldDevice("000000000000007", 1, 100),
                new HeldDevice("350000000000001", 2)), false))).isNull();
        ImeiTable complete = session.snapshotChunk(new Snapshot("s1", List.of(new HeldDevice("000000000000007", 3),
                new HeldDevice("012345678901234", 4, 200)), true));

        assertThat(complete.size()).isEqualTo(3);
        assertThat(row(complete, 0)).isEqualTo("000000000000007 conn=3 at=" + HeldDevice.NO_AT);
        assertThat(row(complete, 1)).isEqualTo("350000000000001 conn=2 at=" + HeldDevice.NO_AT);
        assertThat(row(complete, 2)).isEqualTo("012345678901234 conn=4 at=200");
    }

    @Test
    void aChunkOfAnotherSnapshot_startsOver() {
        session.snapshotChunk(new Snapshot("s1", List.of(new HeldDevice("350000000000001", 1)), false));
        ImeiTable complete = session.snapshotChunk(new Snapshot("s2", List.of(new HeldDevice("350000000000002", 2)), true));
        assertThat(complete.size()).isEqualTo(1);
        assertThat(row(complete, 0)).isEqualTo("350000000000002 conn=2 at=" + HeldDevice.NO_AT);
    }

    @Test
    void withheldEvents_keepTheLastWordPerImei_aCloseAsGone() {
        HeldSet.Entry open = new HeldSet.Entry(5, 6, true, 7);
        session.withhold("000000000000001", open);
        session.withhold("000000000000002", open);
        session.withhold("000000000000002", null);

        assertThat(session.withheldContains("000000000000002")).isTrue();
        assertThat(session.withheldEntry("000000000000002")).as("a close").isNull();
        assertThat(session.withheldEntry("000000000000001")).isEqualTo(open);
        assertThat(session.withheldContains("000000000000003")).isFalse();

        IngestionSession.Withheld told = session.prove();
        assertThat(told.entries().size()).isEqualTo(2);
        assertThat(told.entries().flags(1) & ImeiTable.GONE).isNotZero();
        assertThat(session.withheldContains("000000000000001")).as("emptied by prove").isFalse();
    }

    private static String row(ImeiTable table, int row) {
        return PackedImei.unpack(table.key(row)) + " conn=" + table.conn(row) + " at=" + table.since(row);
    }
}
