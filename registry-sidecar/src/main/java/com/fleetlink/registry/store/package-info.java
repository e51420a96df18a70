/**
 * The port between the sidecar core and Redis: the registry operations the core needs, their
 * outcomes and their failure modes, with no client library's types. {@code redis/} implements it
 * with Lettuce; the deterministic simulation implements it in memory.
 */
package com.fleetlink.registry.store;
