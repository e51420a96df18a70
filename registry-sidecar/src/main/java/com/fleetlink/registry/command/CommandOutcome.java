package com.fleetlink.registry.command;

/**
 * How a written command ended, as the holder reports it to {@link CommandStore#complete}.
 *
 * @param status one of {@code responded}, {@code sent_no_reply}, {@code unknown}, {@code rejected_imei}
 * @param result the device's reply as text (empty when none)
 * @param reason why, for {@code unknown} (timeout, closed...), else empty
 */
public record CommandOutcome(CommandStatus status, String result, String reason) {
    public CommandOutcome {
        if (status != CommandStatus.RESPONDED && status != CommandStatus.SENT_NO_REPLY && status != CommandStatus.UNKNOWN
                && status != CommandStatus.REJECTED_IMEI) {
            throw new IllegalArgumentException("a written command ends responded, sent_no_reply, unknown or rejected_imei, not "
                    + status.word());
        }
        result = result == null ? "" : result;
        reason = reason == null ? "" : reason;
    }

    /** The device replied {@code result}. */
    public static CommandOutcome responded(String result) {
        return new CommandOutcome(CommandStatus.RESPONDED, result, "");
    }

    /** Written, outcome unknowable, for {@code reason}. */
    public static CommandOutcome unknown(String reason) {
        return new CommandOutcome(CommandStatus.UNKNOWN, "", reason);
    }
}
