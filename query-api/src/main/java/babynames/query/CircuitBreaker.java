package babynames.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Stops calling a dependency that keeps failing: after {@code failureThreshold} failures in a row
 * it opens for {@code openFor} (callers answer at once instead of waiting on timeouts), then lets
 * one trial call through; its success closes the breaker, its failure opens it again.
 */
final class CircuitBreaker {
    enum State {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    private final int failureThreshold;
    private final Duration openFor;
    private final Clock clock;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private Instant openedAt = Instant.EPOCH;
    private boolean trialInFlight;

    CircuitBreaker(int failureThreshold, Duration openFor, Clock clock) {
        this.failureThreshold = failureThreshold;
        this.openFor = openFor;
        this.clock = clock;
    }

    /** Whether a call may go ahead now; every call that may must report its outcome. */
    synchronized boolean tryAcquire() {
        if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(openFor))) {
            state = State.HALF_OPEN;
            trialInFlight = false;
        }
        return switch (state) {
            case CLOSED -> true;
            case OPEN -> false;
            case HALF_OPEN -> {
                if (trialInFlight) {
                    yield false;
                }
                trialInFlight = true;
                yield true;
            }
        };
    }

    synchronized void onSuccess() {
        state = State.CLOSED;
        consecutiveFailures = 0;
        trialInFlight = false;
    }

    synchronized void onFailure() {
        consecutiveFailures++;
        if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold) {
            state = State.OPEN;
            openedAt = clock.instant();
            trialInFlight = false;
        }
    }

    synchronized State state() {
        return state;
    }

    /** How long until an open breaker lets a trial call through (at least one second, for Retry-After). */
    synchronized Duration retryAfter() {
        Duration left = Duration.between(clock.instant(), openedAt.plus(openFor));
        return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
    }
}
