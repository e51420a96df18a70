package com.fleetlink.protocol.control;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The answer to a request whose work ended in an error before it had an answer of its own. Its
 * {@code ok} is always false. A {@link FlushReply} or {@link ReleaseReply} read from such a line has
 * zero counts and {@code ok} false, so the commands of those two need no case of their own.
 *
 * @param type  the request's word ({@code status}, {@code flush}, {@code release})
 * @param error what went wrong
 */
@JsonPropertyOrder({"type", "ok", "error"})
public record FailedReply(String type, String error) implements ControlReply {

    /** Always false: the line says the request failed. */
    @JsonProperty("ok")
    public boolean ok() {
        return false;
    }
}
