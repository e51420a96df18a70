package com.fleetlink.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The chaos commands' texts: each carries its id, and only a {@code no_reply} command's goes unanswered. */
class CommandTextTest {

    @Test
    void noReplyCommands_carryTheirIdInATextTheDevicesDoNotAnswer() {
        String text = CommandText.ofNoReply("c67");

        assertThat(CommandText.idOf(text)).isEqualTo("c67");
        assertThat(CommandText.answered(text)).isFalse();
    }

    @Test
    void otherCommands_carryTheirIdInATextTheDevicesAnswer() {
        String text = CommandText.of("c69");

        assertThat(CommandText.idOf(text)).isEqualTo("c69");
        assertThat(CommandText.answered(text)).isTrue();
        assertThat(CommandText.reply(text)).isEqualTo("OK getinfo #c69");
    }

    @Test
    void onlyNoReplyKindsAreSentWithTheUnansweredText() {
        for (CommandKind kind : CommandKind.values()) {
            String text = new String(kind.request("c1", "356307042441013").payload(), StandardCharsets.UTF_8);
            assertThat(CommandText.answered(text)).as(kind.label()).isEqualTo(kind != CommandKind.NO_REPLY);
        }
    }
}
