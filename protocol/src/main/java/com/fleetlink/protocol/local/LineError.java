package com.fleetlink.protocol.local;

/** Why a line of the local protocol was not accepted. Each is counted by its {@link #label()}. */
public enum LineError {
    /** Longer than {@link LocalProtocol#MAX_LINE_BYTES}. */
    TOO_LONG("too_long"),
    /** Not valid JSON, or JSON that is not an object. */
    NOT_JSON("not_json"),
    /** No {@code type} string. */
    MISSING_TYPE("missing_type"),
    /** A {@code type} this version does not know: counted and ignored, for forward compatibility. */
    UNKNOWN_TYPE("unknown_type"),
    /** A field the type requires is absent. */
    MISSING_FIELD("missing_field"),
    /** A field has the wrong kind of value, or an IMEI is not 15 digits. */
    BAD_FIELD("bad_field");

    private final String label;

    LineError(String label) {
        this.label = label;
    }

    /** The metric label. */
    public String label() {
        return label;
    }
}
