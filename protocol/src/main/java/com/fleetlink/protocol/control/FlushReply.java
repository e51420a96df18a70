package com.fleetlink.protocol.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fleetlink.protocol.local.LocalMessage.ControlCommand;

/**
 * The answer to {@code flush}: heartbeat and reconcile are done (or failed), and what they changed.
 *
 * @param ok        whether Redis was reachable and the work finished in time
 * @param error     why not; {@code null} (left out of the line) when {@code ok}
 * @param repaired  fields written back during the flush
 * @param released  fields of ours deleted during the flush
 * @param conflicts fields found naming another living instance during the flush
 * @param held      devices the sidecar holds now
 */
@JsonPropertyOrder({"type"})
public record FlushReply(boolean ok, @JsonInclude(JsonInclude.Include.NON_NULL) String error, long repaired,
                         long released, long conflicts, long held) implements ControlReply {

    @Override
    @JsonProperty("type")
    public String type() {
        return ControlCommand.FLUSH.word();
    }
}
