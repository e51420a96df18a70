package com.fleetlink.registry.core;

import com.fleetlink.protocol.local.LocalMessage;

/**
 * Where the core records what happened, for the event log and its replay: every event received and
 * every Redis outcome. Implementations must not block (they are called on the core loop).
 */
public interface Journal {

    /** A local-protocol message arrived from the ingestion. */
    void received(LocalMessage message);

    /**
     * A Redis operation finished.
     *
     * @param imei    the device, or {@code null} for operations on many or none
     * @param detail  a count, an owner or an error; may be {@code null}
     */
    void outcome(RedisOperation op, String imei, RedisOutcome outcome, String detail);

    /** A change of the sidecar's own state: session attached, grace expired, released, … */
    void lifecycle(LifecycleEvent what, String detail);

    /** The sidecar started as {@code instanceId}: the first line of each life, so replay knows whose entries it sees. */
    void started(String instanceId);

    /** A journal that records nothing. */
    Journal NONE = new Journal() {
        @Override
        public void received(LocalMessage message) {
        }

        @Override
        public void outcome(RedisOperation op, String imei, RedisOutcome outcome, String detail) {
        }

        @Override
        public void lifecycle(LifecycleEvent what, String detail) {
        }

        @Override
        public void started(String instanceId) {
        }
    };
}
