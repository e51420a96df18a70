package com.fleetlink.registry.command.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fleetlink.registry.command.StoredCommand;
import java.io.PrintWriter;

/**
 * Prints a command as one JSON line ({@code --json}) or one line of text. The JSON's field names
 * are the hash's (docs/commands.md), times in ms since the epoch or {@code null} when not reached;
 * {@code late_result} and {@code late_at} only when a late reply was stored.
 */
final class CommandPrinter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PrintWriter out;
    private final boolean json;

    CommandPrinter(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    void print(StoredCommand c) {
        out.println(json ? json(c) : text(c));
        out.flush();
    }

    private static String json(StoredCommand c) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", c.id()).put("imei", c.imei()).put("status", c.status().word()).put("result", c.result())
                .put("reason", c.reason()).put("attempt", c.attempt()).put("writes", c.writes())
                .put("max_attempts", c.maxAttempts()).put("requester", c.requester()).put("owner", c.owner())
                .put("codec", c.codec()).put("payload", c.payloadHex());
        if (c.text()) {
            o.put("text", c.payloadText());
        }
        time(o, "created_at", c.createdAt());
        time(o, "claimed_at", c.claimedAt());
        time(o, "sent_at", c.sentAt());
        time(o, "finished_at", c.finishedAt());
        time(o, "expire_at", c.expireAt());
        if (!c.lateResult().isEmpty()) {
            o.put("late_result", c.lateResult()).put("late_at", c.lateAt());
        }
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void time(ObjectNode o, String name, long value) {
        if (value == StoredCommand.NO_TIME) {
            o.putNull(name);
        } else {
            o.put(name, value);
        }
    }

    private static String text(StoredCommand c) {
        StringBuilder line = new StringBuilder(c.id()).append(' ').append(c.status().word())
                .append(" attempt=").append(c.attempt()).append(" writes=").append(c.writes());
        if (!c.reason().isEmpty()) {
            line.append(" reason=").append(c.reason());
        }
        if (!c.result().isEmpty()) {
            line.append(" result=").append(JSON.getNodeFactory().textNode(c.result()));
        }
        if (!c.lateResult().isEmpty()) {
            line.append(" late_result=").append(JSON.getNodeFactory().textNode(c.lateResult()));
        }
        return line.toString();
    }
}
