package com.fleetlink.registry.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shapes Lua's cjson gives the scripts' answers, read as the store expects them. */
class ScriptReplyTest {

    @Test
    void lists_whenCjsonWroteAnEmptyListAsAnObject_thenEmpty() {
        ScriptReply reply = ScriptReply.parse("{\"kind\":\"swept\",\"finished\":{},\"queued\":{}}");

        assertThat(reply.kind()).isEqualTo("swept");
        assertThat(reply.ids("finished")).isEmpty();
        assertThat(reply.scored("queued")).isEmpty();
        assertThat(reply.pair("active")).as("absent").isNull();
    }

    @Test
    void scored_whenScoresAreHashFieldsText_thenNumbers_andAClearedOneIsZero() {
        ScriptReply reply = ScriptReply.parse("{\"kind\":\"swept\",\"finished\":[\"c1\",\"c2\"],"
                + "\"queued\":[[\"c3\",\"1700000000000\"],[\"c4\",\"\"],[\"c5\",false]],\"active\":[\"c6\",1700000000500]}");

        assertThat(reply.ids("finished")).containsExactly("c1", "c2");
        assertThat(reply.scored("queued")).containsExactly(Map.entry("c3", 1_700_000_000_000L), Map.entry("c4", 0L),
                Map.entry("c5", 0L));
        assertThat(reply.pair("active")).isEqualTo(Map.entry("c6", 1_700_000_000_500L));
    }

    @Test
    void entryFields_whenPairsOfNamesAndValues_thenInOrderAsText() {
        assertThat(ScriptReply.entryFields("[\"status\",\"responded\",\"writes\",2,\"late\",true]"))
                .containsExactly(Map.entry("status", "responded"), Map.entry("writes", "2"), Map.entry("late", "true"));
    }

    @Test
    void kind_whenMissing_thenEmpty_andNotJson_thenIllegalState() {
        assertThat(ScriptReply.parse("{}").kind()).isEmpty();
        assertThat(ScriptReply.parse("null").ids("finished")).isEqualTo(List.of());
        assertThatThrownBy(() -> ScriptReply.parse("{\"kind\":")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not JSON");
    }
}
