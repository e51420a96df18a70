package com.fleetlink.ingestion.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A snapshot entry's handshake time survives a step of the wall clock (issue 9, found by the core simulation). */
class DeviceSessionTest {
    private static final long HANDSHAKE_WALL = 1_700_000_000_000L;
    private static final long HANDSHAKE_NANOS = 5_000_000_000L;
    private final DeviceSession session = new DeviceSession("356307042441013", 1, null, HANDSHAKE_WALL, HANDSHAKE_NANOS);

    @Test
    void withoutAStep_theHandshakesOwnStampIsKept() {
        long twentySeconds = 20_000;
        assertThat(session.connectedAtOnWallClock(HANDSHAKE_WALL + twentySeconds + 3, HANDSHAKE_NANOS + twentySeconds * 1_000_000))
                .isEqualTo(HANDSHAKE_WALL);
    }

    @Test
    void afterABackwardStep_theStampIsItsAgeBeforeNow() {
        long age = 20_000;
        long wallNow = HANDSHAKE_WALL + age - 19_300;

        assertThat(session.connectedAtOnWallClock(wallNow, HANDSHAKE_NANOS + age * 1_000_000)).isEqualTo(wallNow - age);
    }
}
