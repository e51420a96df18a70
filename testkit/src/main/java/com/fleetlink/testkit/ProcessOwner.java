package com.fleetlink.testkit;

/**
 * Whoever must stop a child process when its test or run ends, told of every process a launcher
 * starts (restarts included), e.g. a JUnit extension that also keeps the logs of a failed test.
 */
@FunctionalInterface
public interface ProcessOwner {
    /** No one: the caller closes what it starts itself. */
    ProcessOwner NONE = child -> { };

    /** Takes charge of {@code child}, just started. */
    void adopt(ChildProcess child);
}
