package com.fleetlink.bench.chaos;

import com.fleetlink.registry.command.CommandStatus;
import java.util.Map;

/**
 * One entry of the command event stream {@code fleetlink:cmd:events} (docs/commands.md).
 *
 * @param id      the command's id
 * @param imei    its device
 * @param status  the status it entered
 * @param attempt its attempt counter then
 * @param timeMs  when, in Redis' clock (ms since the epoch)
 * @param result  the reply text of a {@code responded}, else empty
 */
record CommandEvent(String id, String imei, CommandStatus status, int attempt, long timeMs, String result) {
    /** An entry from its stream fields. */
    static CommandEvent of(Map<String, String> fields) {
        return new CommandEvent(fields.get("id"), fields.get("imei"), CommandStatus.ofWord(fields.get("status")),
                Integer.parseInt(fields.get("attempt")), Long.parseLong(fields.get("time")), fields.getOrDefault("result", ""));
    }

    /** Two entries of one state change (the stream delivers at least once): same attempt, same status. */
    boolean sameChange(CommandEvent other) {
        return attempt == other.attempt && status == other.status;
    }
}
