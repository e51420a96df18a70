package com.fleetlink.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Lines as redis-server 7 writes them to a MONITOR connection. */
class MonitorLineTest {

    @Test
    void parse_whenAClientRanAScript_thenKeepsTimeAndArguments() {
        MonitorLine line = MonitorLine.parse(
                "1795771757.664992 [0 127.0.0.1:33326] \"evalsha\" \"ab12\" \"1\" \"connections:registry\" \"chaos-a\"");

        assertThat(line.micros()).isEqualTo(1_795_771_757_664_992L);
        assertThat(line.fromLua()).isFalse();
        assertThat(line.command()).isEqualTo("EVALSHA");
        assertThat(line.arg(2)).isEqualTo("connections:registry");
        assertThat(line.arg(3)).isEqualTo("chaos-a");
        assertThat(line.argCount()).isEqualTo(4);
    }

    @Test
    void parse_whenTheScriptRanACommand_thenMarksItLuaAndUnescapes() {
        MonitorLine line = MonitorLine.parse("1795771757.665270 [0 lua] \"HDEL\" \"connections:registry\" \"a\\\"b\\x41\"");

        assertThat(line.fromLua()).isTrue();
        assertThat(line.command()).isEqualTo("HDEL");
        assertThat(line.arg(1)).isEqualTo("a\"bA");
    }

    @Test
    void deleteDeadOwner_whenAJanitorRanDeleteDead_thenIsTheInstanceItJudgedDead() {
        MonitorLine line = MonitorLine.parse("1795771757.664992 [0 127.0.0.1:33326] \"EVALSHA\" \"ab12\" \"3\" "
                + "\"connections:registry\" \"{connections:registry}:at\" \"instance:heartbeat:chaos-c\" \"chaos-c\" "
                + "\"356000000000001\"");

        assertThat(line.deleteDeadOwner()).isEqualTo("chaos-c");
    }

    @Test
    void deleteDeadOwner_whenAnotherScriptOfTheSidecar_thenIsNull() {
        MonitorLine release = MonitorLine.parse("1795771757.664992 [0 127.0.0.1:33326] \"EVALSHA\" \"ab12\" \"2\" "
                + "\"connections:registry\" \"{connections:registry}:at\" \"chaos-a\" \"1795771757664\" \"5000\" "
                + "\"356000000000001\"");
        MonitorLine look = MonitorLine.parse("1795771757.664992 [0 127.0.0.1:33326] \"EVALSHA\" \"cd34\" \"1\" "
                + "\"instance:heartbeat:chaos-c\"");

        assertThat(release.deleteDeadOwner()).isNull();
        assertThat(look.deleteDeadOwner()).isNull();
    }

    @Test
    void parse_whenNotACommandLine_thenIsNull() {
        assertThat(MonitorLine.parse("OK")).isNull();
    }
}
