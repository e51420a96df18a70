package com.fleetlink.registry.command;

import java.time.Duration;
import java.util.Map;

/** Reads a command's hash (field → text, as the scripts write it; docs/commands.md) into a {@link StoredCommand}. */
public final class CommandFields {
    private CommandFields() {
    }

    public static StoredCommand read(Map<String, String> f) {
        return new StoredCommand(f.get("id"), f.get("imei"), text(f, "requester"), f.get("payload"), flag(f, "text"),
                Integer.parseInt(f.get("codec")), time(f, "expire_at"), Duration.ofMillis(Long.parseLong(f.get("response_timeout_ms"))),
                flag(f, "no_reply"), Integer.parseInt(f.get("max_attempts")), CommandStatus.ofWord(f.get("status")),
                Integer.parseInt(f.get("attempt")), Integer.parseInt(f.get("writes")), text(f, "owner"), time(f, "lease_until"),
                time(f, "created_at"), time(f, "claimed_at"), time(f, "sent_at"), time(f, "finished_at"), text(f, "result"),
                text(f, "reason"), text(f, "late_result"), time(f, "late_at"));
    }

    private static String text(Map<String, String> f, String name) {
        return f.getOrDefault(name, "");
    }

    private static boolean flag(Map<String, String> f, String name) {
        return "1".equals(f.get(name));
    }

    private static long time(Map<String, String> f, String name) {
        String value = f.get(name);
        return value == null || value.isEmpty() ? StoredCommand.NO_TIME : Long.parseLong(value);
    }
}
