package com.fleetlink.ingestion.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A session listener that reads the table from inside each call, as the registry client's repair
 * snapshot may, and writes down every call whose event the table did not show yet.
 */
final class TableReadingListener implements SessionListener {
    private final SessionTable table;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<String> unseen = new CopyOnWriteArrayList<>();

    TableReadingListener(SessionTable table) {
        this.table = table;
    }

    @Override
    public void onRegistered(DeviceSession session) {
        calls.add("registered " + session.conn());
        if (!table.sessions().contains(session)) {
            unseen.add("registered conn " + session.conn() + " while the table held " + table.sessions());
        }
    }

    @Override
    public void onClosed(DeviceSession session, CloseReason reason) {
        calls.add("closed " + session.conn());
        if (table.sessions().contains(session)) {
            unseen.add("closed conn " + session.conn() + " while the table still held it");
        }
    }

    /** Every call so far, in order. */
    List<String> calls() {
        return List.copyOf(calls);
    }

    /** Registrations the table did not hold yet and closes it still held, when the listener heard of them. */
    List<String> unseen(String kind) {
        return unseen.stream().filter(u -> u.startsWith(kind)).toList();
    }
}
