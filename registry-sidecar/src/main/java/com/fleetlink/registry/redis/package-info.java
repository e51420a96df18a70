/**
 * The Redis contract of design §1 and the atomic scripts that keep invariants 3 and 4: a loser
 * never deletes a winner, new connections win, repairs never steal from the living, and every write
 * is judged fresh or stale by Redis' clock where it executes.
 */
package com.fleetlink.registry.redis;
