package com.fleetlink.protocol.local;

/** What both ends of the local socket must agree on. */
public final class LocalProtocol {
    /** The protocol version sent in {@code hello} and {@code welcome}. */
    public static final int VERSION = 1;
    /** Longest line accepted, newline excluded. */
    public static final int MAX_LINE_BYTES = 64 * 1024;
    /**
     * Most entries in one snapshot line; 1000 stay below the line limit even as
     * {@code [imei, conn, at]} with both numbers at their longest.
     */
    public static final int SNAPSHOT_CHUNK = 1000;
    /**
     * Listed in a sidecar's {@code welcome}: its snapshots may carry entries {@code [imei, conn, at]}.
     * Capabilities are optional lists in {@code hello} and {@code welcome}, so either side may be the older one.
     */
    public static final String CAP_SNAPSHOT_AT = "snapshot-at";
    /**
     * Listed in an ingestion's {@code hello}: it takes {@code command} lines; in a sidecar's
     * {@code welcome}: it takes the outcome lines (design §9).
     */
    public static final String CAP_COMMANDS = "cmd";
    /** Longest command payload, in bytes before hex encoding. */
    public static final int MAX_COMMAND_BYTES = 4096;
    /** Where the sidecar listens unless told otherwise; both containers mount this directory. */
    public static final String DEFAULT_SOCKET_PATH = "/run/fleetlink/registry.sock";

    private LocalProtocol() {
    }

    /** Whether {@code imei} is 15 ASCII digits, the only form the registry stores. */
    public static boolean isImei(CharSequence imei) {
        if (imei == null || imei.length() != 15) {
            return false;
        }
        for (int i = 0; i < 15; i++) {
            char c = imei.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
