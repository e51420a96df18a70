package com.fleetlink.ingestion.command;

/** Why a command did not get its answer, with the word the local protocol carries. */
public enum CommandFailReason {
    /** No socket with the command's {@code conn} holds the device here; never written. */
    NOT_HELD("not_held"),
    /** The socket's slot is taken (a command in flight or a late window open); never written. */
    BUSY("busy"),
    /** The socket closed; written or not as the outcome says. */
    CLOSED("closed"),
    /** Written, and no reply came within the response timeout. */
    TIMEOUT("timeout"),
    /** Codec 14: the device answered nACK, its IMEI is not the command's; it did not execute it. */
    REJECTED_IMEI("rejected_imei"),
    /** The write to the socket failed. */
    WRITE_FAILED("write_failed"),
    /** The ingestion is stopping and takes no new command. */
    SHUTDOWN("shutdown"),
    /** Its deadline (the command's expiry) had passed when it would have been written; never written. */
    EXPIRED("expired");

    private final String word;

    CommandFailReason(String word) {
        this.word = word;
    }

    /** The local protocol's word for it. */
    public String word() {
        return word;
    }
}
