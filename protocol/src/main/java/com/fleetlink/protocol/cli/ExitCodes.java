package com.fleetlink.protocol.cli;

/** Process exit codes shared by every command (design §7). */
public final class ExitCodes {
    /** Success, or healthy. */
    public static final int OK = 0;
    /** The command failed, or the daemon is degraded. */
    public static final int FAILURE = 1;
    /** A flag, argument or setting was wrong. */
    public static final int USAGE = 2;
    /** The daemon could not be reached. */
    public static final int UNREACHABLE = 3;

    private ExitCodes() {
    }
}
