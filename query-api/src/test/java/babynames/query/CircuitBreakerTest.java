package babynames.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(30), clock);

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            assertTrue(breaker.tryAcquire());
            breaker.onFailure();
        }
    }

    @Test
    void opensAfterTheThresholdOfFailuresInARow() {
        fail(2);
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());

        fail(1);

        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertFalse(breaker.tryAcquire());
    }

    @Test
    void aSuccessInBetweenStartsTheCountAgain() {
        fail(2);
        breaker.tryAcquire();
        breaker.onSuccess();

        fail(2);

        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    }

    @Test
    void afterTheOpenPeriodOneTrialCallDecides() {
        fail(3);
        now = now.plusSeconds(30);

        assertTrue(breaker.tryAcquire());
        assertFalse(breaker.tryAcquire(), "only one trial at a time");
        breaker.onSuccess();

        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        assertTrue(breaker.tryAcquire());
    }

    @Test
    void aFailedTrialOpensItAgainForTheWholePeriod() {
        fail(3);
        now = now.plusSeconds(31);
        breaker.tryAcquire();

        breaker.onFailure();

        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertEquals(Duration.ofSeconds(30), breaker.retryAfter());
    }
}
