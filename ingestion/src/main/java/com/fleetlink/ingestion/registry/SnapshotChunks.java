package com.fleetlink.ingestion.registry;

import com.fleetlink.ingestion.session.DeviceSession;
import com.fleetlink.protocol.local.LocalMessage.HeldDevice;
import com.fleetlink.protocol.local.LocalMessage.Snapshot;
import java.util.ArrayList;
import java.util.List;

/** Cuts the held set into {@code snapshot} lines (design §3). */
final class SnapshotChunks {
    private SnapshotChunks() {
    }

    /**
     * The snapshot {@code snap} of {@code sessions} in lines of at most {@code chunkSize} devices;
     * only the final line has {@code last}. An empty set is one empty line, so the sidecar still
     * learns that nothing is held.
     *
     * @param withAt whether each entry carries its handshake's time, for a sidecar that takes
     *               {@link com.fleetlink.protocol.local.LocalProtocol#CAP_SNAPSHOT_AT}
     */
    static List<Snapshot> of(String snap, List<DeviceSession> sessions, int chunkSize, boolean withAt) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be positive");
        }
        if (sessions.isEmpty()) {
            return List.of(new Snapshot(snap, List.of(), true));
        }
        List<Snapshot> chunks = new ArrayList<>(sessions.size() / chunkSize + 1);
        long wallNow = System.currentTimeMillis();
        long nanoNow = System.nanoTime();
        for (int from = 0; from < sessions.size(); from += chunkSize) {
            int to = Math.min(from + chunkSize, sessions.size());
            List<HeldDevice> devices = new ArrayList<>(to - from);
            for (DeviceSession session : sessions.subList(from, to)) {
                long at = withAt ? session.connectedAtOnWallClock(wallNow, nanoNow) : HeldDevice.NO_AT;
                devices.add(new HeldDevice(session.imei(), session.conn(), at));
            }
            chunks.add(new Snapshot(snap, devices, to == sessions.size()));
        }
        return chunks;
    }
}
