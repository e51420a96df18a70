package com.fleetlink.ingestion.teltonika;

/**
 * Why a frame from a device was refused. Each constant says whether the device can recover by
 * sending the same packet again, which decides the server's answer.
 */
public enum RejectReason {
    /** The four bytes before the length were not zero: the stream is out of step and cannot be resynchronised. */
    BAD_PREAMBLE("bad_preamble", false),
    /** The length field claims more than the configured frame limit. */
    FRAME_TOO_LONG("frame_too_long", false),
    /** The length field is too small to hold a codec id and two counts, or disagrees with the frame. */
    BAD_LENGTH("bad_length", false),
    /** The CRC does not match: a transmission error, so the device is told 0 records were accepted and resends. */
    BAD_CRC("bad_crc", true),
    /** A codec id this server does not speak. */
    UNKNOWN_CODEC("unknown_codec", false),
    /** The record count before the records differs from the one after them. */
    COUNT_MISMATCH("count_mismatch", false),
    /** The records do not fill the data exactly: one runs past the end, or bytes are left over. */
    MALFORMED_RECORD("malformed_record", false),
    /** A Codec 12, 13 or 14 message whose size field disagrees with the frame or cannot hold its header. */
    MALFORMED_COMMAND("malformed_command", false);

    private final String label;
    private final boolean resendable;

    RejectReason(String label, boolean resendable) {
        this.label = label;
        this.resendable = resendable;
    }

    /** The metric label and log word. */
    public String label() {
        return label;
    }

    /**
     * Whether resending the same bytes can succeed. Resendable rejections are answered with a
     * zero ACK and the socket stays open; the others close it.
     */
    public boolean resendable() {
        return resendable;
    }
}
