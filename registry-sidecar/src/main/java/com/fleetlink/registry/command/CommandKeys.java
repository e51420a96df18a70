package com.fleetlink.registry.command;

/**
 * The Redis keys of outbound commands (design §9, {@code docs/commands.md}). A device's keys share
 * the hash tag {@code {<imei>}}, so each script touches one Cluster slot; the indexes, the stream
 * and the wake-up channels are global.
 */
public final class CommandKeys {
    /** The event stream: one entry per state change, schema {@code v}. */
    public static final String EVENTS = "fleetlink:cmd:events";
    /** Queued commands by expiry: member {@code <imei>:<id>}, score {@code expire_at}. */
    public static final String EXPIRY_INDEX = "fleetlink:cmd:expiry";
    /** Claimed commands by lease: member {@code <imei>:<id>}, score {@code lease_until}. */
    public static final String LEASE_INDEX = "fleetlink:cmd:leases";
    /**
     * Devices whose outbox may hold entries not yet in {@link #EVENTS}: member {@code <imei>}, score the
     * host time (ms) of the first transition not yet drained. Added before each drain and removed after
     * it, so an outbox a crash left behind is found by the periodic repair.
     */
    public static final String OUTBOX_INDEX = "fleetlink:cmd:outboxes";
    /** The prefix of each instance's wake-up channel. */
    public static final String WAKE_PREFIX = "fleetlink:cmd:wake:";
    private static final int IMEI_LENGTH = 15;

    private CommandKeys() {
    }

    private static String device(String imei) {
        return "fleetlink:cmd:{" + imei + "}:";
    }

    /** The device's FIFO of queued ids. */
    public static String queue(String imei) {
        return device(imei) + "queue";
    }

    /** The id of the device's command in progress. */
    public static String active(String imei) {
        return device(imei) + "active";
    }

    /** The device's ids, oldest first, for listing. */
    public static String history(String imei) {
        return device(imei) + "history";
    }

    /** The device's stream entries not yet in {@link #EVENTS}. */
    public static String outbox(String imei) {
        return device(imei) + "outbox";
    }

    /** One command's hash. */
    public static String command(String imei, String id) {
        return device(imei) + "c:" + id;
    }

    /** The four keys every command script but outbox-ack takes, in order. */
    static String[] scriptKeys(String imei) {
        return new String[] {queue(imei), active(imei), history(imei), outbox(imei)};
    }

    /** {@code instance}'s wake-up channel. */
    public static String wakeChannel(String instance) {
        return WAKE_PREFIX + instance;
    }

    /** A member of the indexes. */
    static String member(String imei, String id) {
        return imei + ":" + id;
    }

    /** The device of an index member (an IMEI is 15 digits, so the id may hold colons). */
    static String imeiOf(String member) {
        return member.substring(0, IMEI_LENGTH);
    }

    /** The id of an index member. */
    static String idOf(String member) {
        return member.substring(IMEI_LENGTH + 1);
    }
}
