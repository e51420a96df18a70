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
     * @param op      {@code register}, {@code repair}, {@code replace_dead}, {@code unregister}, {@code heartbeat}, …
     * @param imei    the device, or {@code null} for operations on many or none
     * @param outcome {@code fresh}, {@code restored}, {@code present}, {@code conflict}, {@code deleted},
     *                {@code not_ours}, {@code stale}, {@code failed}, …
     * @param detail  a count, an owner or an error; may be {@code null}
     */
    void outcome(String op, String imei, String outcome, String detail);

    /** A change of the sidecar's own state: session attached, grace expired, released, … */
    void lifecycle(String what, String detail);

    /** The sidecar started as {@code instanceId}: the first line of each life, so replay knows whose entries it sees. */
    void started(String instanceId);

    /** A journal that records nothing. */
    Journal NONE = new Journal() {
        @Override
        public void received(LocalMessage message) {
        }

        @Override
        public void outcome(String op, String imei, String outcome, String detail) {
        }

        @Override
        public void lifecycle(String what, String detail) {
        }

        @Override
        public void started(String instanceId) {
        }
    };
}
