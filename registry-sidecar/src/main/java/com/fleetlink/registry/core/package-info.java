/**
 * The sidecar's desired state and the one writer that makes Redis converge to it (design §4,
 * invariants 2, 4, 6 and 7). Everything here runs on one event loop thread, so the held set needs
 * no locks and commands leave in the order they were decided.
 */
package com.fleetlink.registry.core;
