package com.fleetlink.protocol.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fleetlink.protocol.local.LocalMessage.ControlCommand;

/**
 * The answer to {@code status --imei}: whether this sidecar holds the device, and what Redis says
 * about it. Its {@code type} is {@code status}, like the whole-sidecar answer's.
 *
 * @param instance this sidecar's instance id
 * @param held     whether this sidecar holds the device
 * @param conn     the socket it holds it on, or {@code null}
 * @param since    when it started holding it (ISO-8601), or {@code null}
 */
@JsonPropertyOrder({"type"})
public record DeviceStatusReply(String instance, String imei, boolean held, Long conn, String since, Redis redis)
        implements ControlReply {

    @Override
    @JsonProperty("type")
    public String type() {
        return ControlCommand.STATUS.word();
    }

    /**
     * What Redis said. Facts a failed read could not establish are left out of the line, and
     * {@code error} says why.
     *
     * @param connected whether the sidecar had a Redis connection to ask on
     * @param entry     the device's registry field; {@code null} (left out) when it could not be read
     * @param error     why a read failed or was not made; {@code null} (left out) when every read succeeded
     */
    public record Redis(boolean connected, @JsonUnwrapped RegistryEntry entry,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String error) {
    }

    /**
     * The device's field of {@code connections:registry}, written inside {@link Redis}.
     *
     * @param owner               the instance it names, or {@code null} when there is no field
     * @param ownerIsThisInstance whether that is this sidecar
     * @param liveness            the owner's heartbeat; {@code null} (left out) when it could not be read
     */
    public record RegistryEntry(String owner, boolean ownerIsThisInstance, @JsonUnwrapped OwnerLiveness liveness) {
    }

    /**
     * Whether the owner's heartbeat key exists, written inside {@link RegistryEntry}.
     *
     * @param ownerHeartbeat whether it exists; {@code null} when there is no owner to ask about
     */
    public record OwnerLiveness(Boolean ownerHeartbeat) {
    }
}
