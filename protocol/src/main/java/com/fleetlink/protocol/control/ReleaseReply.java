package com.fleetlink.protocol.control;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fleetlink.protocol.local.LocalMessage.ControlCommand;

/**
 * The answer to {@code release}: how many of the held entries Redis deleted.
 *
 * @param held     devices held when the release began
 * @param released fields deleted (compare-and-delete: another owner's field stays)
 * @param ok       false when some deletes failed; the sidecar retries them
 */
@JsonPropertyOrder({"type"})
public record ReleaseReply(long held, long released, boolean ok) implements ControlReply {

    @Override
    @JsonProperty("type")
    public String type() {
        return ControlCommand.RELEASE.word();
    }
}
