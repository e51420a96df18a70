/**
 * The janitor (design §8): every sidecar may remove the registry fields of instances that are dead,
 * judged by the one definition of {@link com.fleetlink.registry.core.DeathWatch}, behind a breaker
 * that refuses to act when most of the fleet looks dead at once.
 */
package com.fleetlink.registry.janitor;
