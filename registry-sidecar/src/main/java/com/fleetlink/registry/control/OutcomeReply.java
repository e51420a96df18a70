package com.fleetlink.registry.control;

import com.fleetlink.protocol.cli.ExitCodes;
import com.fleetlink.protocol.control.ControlReply;
import java.io.PrintWriter;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Prints the reply to a request that does work ({@code flush}, {@code release}): the sidecar's JSON
 * with {@code --json}, else one sentence; the exit code follows the reply's {@code ok}.
 */
final class OutcomeReply {
    private OutcomeReply() {
    }

    /** Prints {@code answer} to {@code out}; returns 0 when it says {@code ok}, else 1. */
    static <T extends ControlReply> int print(PrintWriter out, ControlAnswer<T> answer, boolean json,
                                              Function<T, String> sentence, Predicate<T> ok) {
        out.println(json ? answer.line() : sentence.apply(answer.reply()));
        out.flush();
        return ok.test(answer.reply()) ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
