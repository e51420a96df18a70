package com.fleetlink.registry.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fleetlink.protocol.cli.ExitCodes;
import java.io.PrintWriter;
import java.util.function.Function;

/**
 * Prints the reply to a request that does work ({@code flush}, {@code release}): the sidecar's JSON
 * with {@code --json}, else one sentence; the exit code follows the reply's {@code ok}.
 */
final class OutcomeReply {
    private OutcomeReply() {
    }

    /** Prints {@code reply} to {@code out}; returns 0 when it says {@code ok}, else 1. */
    static int print(PrintWriter out, JsonNode reply, boolean json, Function<JsonNode, String> sentence) {
        out.println(json ? reply.toString() : sentence.apply(reply));
        out.flush();
        return reply.path("ok").asBoolean(false) ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
