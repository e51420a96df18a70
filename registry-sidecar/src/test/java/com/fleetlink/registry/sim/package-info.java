/**
 * A deterministic simulation of the sidecar core, in the spirit of FoundationDB's simulation tests
 * and TigerBeetle's VOPR: one thread, a virtual clock, a simulated Redis with our scripts'
 * semantics, several instances sharing it, each sidecar with its janitor and its command dispatcher,
 * ingestions and devices driven by a seed, commands sent throughout, faults drawn from the same seed
 * (pods dying for good among them), and a checker of design §4's and §8's invariants and §9's
 * guarantees for commands as writes execute, after every step and at the end. A failing seed replays
 * exactly.
 */
package com.fleetlink.registry.sim;
