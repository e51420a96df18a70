package com.fleetlink.protocol.control;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The answer to a line on a control connection that is not a control request.
 *
 * @param error which requests a control connection may send
 */
@JsonPropertyOrder({"type"})
public record RejectedReply(String error) implements ControlReply {
    /** The {@code type} word of this reply. */
    public static final String TYPE = "error";

    @Override
    @JsonProperty("type")
    public String type() {
        return TYPE;
    }
}
