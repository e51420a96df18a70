package com.fleetlink.protocol.cli;

/**
 * A command could not do its job for a reason the operator should read as one line, not a stack
 * trace. {@link StandardCommandLine} prints the message on stderr and exits with {@link #exitCode()}.
 */
public abstract sealed class CommandFailure extends RuntimeException
        permits CommandFailure.DaemonUnreachable, CommandFailure.OperationFailed, CommandFailure.Usage {
    private static final long serialVersionUID = 1L;

    private CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** The process exit code this failure maps to (design §7). */
    public abstract int exitCode();

    /** The daemon did not answer: its socket is missing, refused the connection, or stayed silent. Exit 3. */
    public static final class DaemonUnreachable extends CommandFailure {
        private static final long serialVersionUID = 1L;

        public DaemonUnreachable(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public int exitCode() {
            return ExitCodes.UNREACHABLE;
        }
    }

    /** The command ran but its work failed or was refused. Exit 1. */
    public static final class OperationFailed extends CommandFailure {
        private static final long serialVersionUID = 1L;

        public OperationFailed(String message) {
            super(message, null);
        }

        @Override
        public int exitCode() {
            return ExitCodes.FAILURE;
        }
    }

    /** The command was called wrongly in a way picocli cannot see (a bad value, a missing confirmation). Exit 2. */
    public static final class Usage extends CommandFailure {
        private static final long serialVersionUID = 1L;

        public Usage(String message) {
            super(message, null);
        }

        @Override
        public int exitCode() {
            return ExitCodes.USAGE;
        }
    }
}
