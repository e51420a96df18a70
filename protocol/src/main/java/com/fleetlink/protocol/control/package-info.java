/**
 * The sidecar's replies to control requests ({@code status}, {@code flush}, {@code release}; design
 * §3), one record per wire shape so that the daemon that writes a reply and the command that reads it
 * share one definition of its keys. {@link com.fleetlink.protocol.control.ControlReplyCodec} turns
 * them into JSON lines and back.
 */
package com.fleetlink.protocol.control;
