/**
 * Reading newline-delimited text from blocking byte streams with a bound on memory (one reader for
 * the local protocol's clients and the sidecar's event log), and the characters the hand-built JSON
 * lines may write without a generator, and a reader of any JSON value into plain Java values that
 * needs no databind.
 */
package com.fleetlink.protocol.io;
