package com.fleetlink.registry.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The words of the event log, as logs already written and {@code replay} of every version know them:
 * a renamed word fails here. Each enum reads its own words back, and any other word as UNKNOWN.
 */
class JournalVocabularyTest {

    static Stream<Arguments> vocabularies() {
        return Stream.of(
                vocabulary(JournalKind.values(), JournalKind::of, JournalKind.UNKNOWN,
                        "received", "redis", "lifecycle"),
                vocabulary(RedisOperation.values(), RedisOperation::of, RedisOperation.UNKNOWN,
                        "register", "repair", "replace_dead", "unregister", "release_all", "heartbeat", "delete_heartbeat",
                        "liveness", "scan", "instance_claim", "janitor_delete", "janitor_sweep"),
                vocabulary(RedisOutcome.values(), RedisOutcome::of, RedisOutcome.UNKNOWN,
                        "fresh", "restored", "present", "conflict", "replaced", "changed", "deleted", "not_ours", "stale",
                        "failed", "lapsed", "partial", "superseded", "absent"),
                vocabulary(LifecycleEvent.values(), LifecycleEvent::of, LifecycleEvent.UNKNOWN,
                        "start", "redis_connected", "redis_disconnected", "redis_suspect", "redis_answering",
                        "session_attached", "session_detached", "probation_started", "probation_ended", "resync",
                        "snapshot_applied", "shutdown_requested", "grace_expired", "release_deferred",
                        "released_by_operator", "flush_requested", "released_at_shutdown", "duplicate_instance",
                        "duplicate_instance_cleared", "janitor_suspended", "janitor_breaker_released"));
    }

    private static <E extends Enum<E> & WireWord> Arguments vocabulary(E[] constants, Function<String, E> of, E unknown,
                                                                        String... words) {
        return Arguments.of(unknown.getDeclaringClass().getSimpleName(), List.of(constants), of, unknown, List.of(words));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vocabularies")
    void words_areTheOnesLogsAlreadyHold(String name, List<WireWord> constants, Function<String, WireWord> of,
                                         WireWord unknown, List<String> words) {
        assertThat(constants.stream().filter(c -> c != unknown).map(WireWord::word)).containsExactlyInAnyOrderElementsOf(words);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vocabularies")
    void of_readsEachWordBackAsItsConstant(String name, List<WireWord> constants, Function<String, WireWord> of,
                                           WireWord unknown, List<String> words) {
        constants.forEach(c -> assertThat(of.apply(c.word())).isSameAs(c));
        assertThat(constants).allSatisfy(c -> assertThat(c.word()).matches("[a-z]+(_[a-z]+)*"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vocabularies")
    void of_whenALaterVersionsWordOrNull_thenUnknown(String name, List<WireWord> constants, Function<String, WireWord> of,
                                                   WireWord unknown, List<String> words) {
        assertThat(of.apply("warp_engaged")).isSameAs(unknown);
        assertThat(of.apply("FRESH")).isSameAs(unknown);
        assertThat(of.apply("")).isSameAs(unknown);
        assertThat(of.apply(null)).isSameAs(unknown);
    }
}
