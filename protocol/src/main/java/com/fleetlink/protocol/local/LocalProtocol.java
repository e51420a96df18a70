package com.fleetlink.protocol.local;

/** What both ends of the local socket must agree on. */
public final class LocalProtocol {
    /** The protocol version sent in {@code hello} and {@code welcome}. */
    public static final int VERSION = 1;
    /** Longest line accepted, newline excluded. */
    public static final int MAX_LINE_BYTES = 64 * 1024;
    /** Most {@code [imei, conn]} pairs in one snapshot line; 1000 pairs stay far below the line limit. */
    public static final int SNAPSHOT_CHUNK = 1000;
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
