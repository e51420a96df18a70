/** The connection-registry sidecar (design §2): filled in by the registry issue. */
package com.fleetlink.registry;
