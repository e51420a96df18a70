package com.fleetlink.registry.command.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetlink.registry.command.CommandFields;
import com.fleetlink.registry.command.StoredCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code commands} and {@code send --wait} print of a late reply stored beside a command. */
class CommandPrinterLateReplyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static StoredCommand command(String lateResult, String lateAt) {
        Map<String, String> f = new HashMap<>(Map.of("id", "c1", "imei", "356307042441013", "payload", "676574766572",
                "text", "1", "codec", "12", "expire_at", "1000", "response_timeout_ms", "30000", "no_reply", "0",
                "max_attempts", "1", "status", "unknown"));
        f.putAll(Map.of("attempt", "1", "writes", "1", "reason", "timeout", "late_result", lateResult, "late_at", lateAt));
        return CommandFields.read(f);
    }

    private static String print(StoredCommand c, boolean json) {
        StringWriter out = new StringWriter();
        new CommandPrinter(new PrintWriter(out), json).print(c);
        return out.toString().strip();
    }

    @Test
    void json_whenALateReplyIsStored_thenPrintsItAndWhen() throws Exception {
        JsonNode line = JSON.readTree(print(command("ver 1.2", "1700000000123"), true));

        assertThat(line.get("status").asText()).isEqualTo("unknown");
        assertThat(line.get("late_result").asText()).isEqualTo("ver 1.2");
        assertThat(line.get("late_at").asLong()).isEqualTo(1700000000123L);
    }

    @Test
    void json_whenNoLateReply_thenHasNoLateFields() throws Exception {
        JsonNode line = JSON.readTree(print(command("", ""), true));

        assertThat(line.has("late_result")).isFalse();
        assertThat(line.has("late_at")).isFalse();
    }

    @Test
    void text_whenALateReplyIsStored_thenNamesIt() {
        assertThat(print(command("ver 1.2", "1700000000123"), false)).endsWith("late_result=\"ver 1.2\"");
    }
}
