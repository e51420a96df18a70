package com.fleetlink.ingestion.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A session listener that writes down every call, in order, for the test to compare. */
final class RecordingListener implements SessionListener {
    /** One call to the listener. */
    record Event(String kind, String imei, long conn, CloseReason reason) {
        static Event registered(DeviceSession s) {
            return new Event("registered", s.imei(), s.conn(), null);
        }

        static Event closed(DeviceSession s, CloseReason reason) {
            return new Event("closed", s.imei(), s.conn(), reason);
        }
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void onRegistered(DeviceSession session) {
        events.add(Event.registered(session));
    }

    @Override
    public void onClosed(DeviceSession session, CloseReason reason) {
        events.add(Event.closed(session, reason));
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    long closedCount() {
        return events.stream().filter(e -> e.kind().equals("closed")).count();
    }
}
