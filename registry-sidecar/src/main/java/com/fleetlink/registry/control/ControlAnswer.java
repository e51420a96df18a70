package com.fleetlink.registry.control;

import com.fleetlink.protocol.control.ControlReply;

/**
 * The sidecar's answer to one control request.
 *
 * @param line  the reply line as it came, for {@code --json}: a newer sidecar's fields stay in it
 * @param reply the line read as the reply the request expects
 */
record ControlAnswer<T extends ControlReply>(String line, T reply) {
}
