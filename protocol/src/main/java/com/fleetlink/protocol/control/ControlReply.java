package com.fleetlink.protocol.control;

/**
 * One reply line of the sidecar to a control request. Readers ignore fields they do not know, so a
 * newer sidecar may add some without breaking an older command.
 */
public sealed interface ControlReply permits StatusReply, DeviceStatusReply, FlushReply, ReleaseReply, FailedReply,
        RejectedReply {

    /** The wire's {@code type} word: the request's word, or {@code error} for a line that was not a request. */
    String type();
}
