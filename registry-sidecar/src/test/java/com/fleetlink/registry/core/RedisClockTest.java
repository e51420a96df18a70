package com.fleetlink.registry.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.registry.store.Registration;
import org.junit.jupiter.api.Test;

/** Issue 9 item 6: Redis' clock as the sidecar estimates it survives steps of the host's wall clock. */
class RedisClockTest {

    /** A loop whose clocks the test moves; nothing runs on it. */
    private static final class Clocks implements CoreLoop {
        long nanos = 1_000_000_000L;
        long wallMillis = 1_700_000_000_000L;

        void advance(long millis) {
            nanos += millis * 1_000_000;
            wallMillis += millis;
        }

        @Override
        public void execute(Runnable task) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Timer schedule(Runnable task, long delayMillis) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public long currentTimeMillis() {
            return wallMillis;
        }

        @Override
        public boolean inLoop() {
            return true;
        }
    }

    @Test
    void aHostClockStep_doesNotMoveRedisTimeBetweenMeasurements() {
        Clocks clocks = new Clocks();
        RedisClock clock = new RedisClock(clocks);
        long redisAtMeasurement = clocks.wallMillis + 3_000;
        clock.measured(redisAtMeasurement, clocks.nanos);

        clocks.advance(1_000);
        clocks.wallMillis -= 3_600_000;

        assertThat(clock.now()).isEqualTo(redisAtMeasurement + 1_000);
    }

    @Test
    void anEventStampedAfterAStep_isPlacedByItsAgeNotByTheOldOffset() {
        Clocks clocks = new Clocks();
        RedisClock clock = new RedisClock(clocks);
        clock.measured(clocks.wallMillis, clocks.nanos);
        clocks.wallMillis += 10_000;
        long stampedByTheIngestion = clocks.wallMillis - 200;

        assertThat(clock.toRedis(clock.decisionNanos(stampedByTheIngestion))).isEqualTo(clock.now() - 200);
    }

    @Test
    void aDecisionMadeBeforeTheFirstMeasurement_isPlacedOnRedisClockOnceMeasured() {
        Clocks clocks = new Clocks();
        RedisClock clock = new RedisClock(clocks);
        long decided = clock.decisionNanos(clocks.wallMillis);
        assertThat(clock.toRedis(decided)).as("unplaceable before any TIME").isEqualTo(Registration.UNKNOWN_AT);

        clocks.advance(3_000);
        // This host runs 28 s ahead of Redis.
        clock.measured(clocks.wallMillis - 28_000, clocks.nanos);

        assertThat(clock.toRedis(decided)).isEqualTo(clocks.wallMillis - 28_000 - 3_000);
    }

    @Test
    void aStampAheadOfTheWallClock_hidesItsAgeAndCannotBePlaced() {
        Clocks clocks = new Clocks();
        RedisClock clock = new RedisClock(clocks);
        clock.measured(clocks.wallMillis, clocks.nanos);

        assertThat(clock.decisionNanos(clocks.wallMillis + 5_000)).isEqualTo(RedisClock.UNKNOWN);
        assertThat(clock.decisionNanos(clocks.wallMillis + 10)).as("a millisecond boundary is not a step")
                .isEqualTo(clocks.nanos);
    }

    @Test
    void aHostDeadline_isTheRedisMomentOnTheHostClock_earlyByHalfTheRoundTripAndTheCutMilliseconds() {
        Clocks clocks = new Clocks();
        RedisClock clock = new RedisClock(clocks);
        long sent = clocks.nanos;
        clocks.advance(100);
        // This host runs 28 s ahead of Redis.
        clock.measured(clocks.wallMillis - 50 - 28_000, sent);
        clocks.advance(1_000);
        long expiry = clock.now() + 60_000;

        assertThat(clock.hostMillisNoLaterThan(expiry)).isEqualTo(clocks.wallMillis + 60_000 - 50 - 2);
    }

    @Test
    void aMeasurementTakesTheMidpointOfItsRoundTrip() {
        Clocks clocks = new Clocks();
        RedisClock clock = new RedisClock(clocks);
        long sent = clocks.nanos;
        clocks.advance(100);

        clock.measured(5_000_000, sent);

        assertThat(clock.now()).isEqualTo(5_000_050);
    }
}
