/**
 * {@code registry-sidecar replay}: rebuilds from the event log what the sidecar held and what the
 * registry held at any moment, prints it, and can write the same registry writes into a scratch
 * Redis through the sidecar's own scripts to reproduce a bug.
 */
package com.fleetlink.registry.replay;
