package babynames.query;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The circuit breaker in front of ranking-service (Resilience4j's): over the last {@code window}
 * calls, once {@code failureRate}% or more failed (any exception counts, including timeouts), it
 * opens for {@code openFor}, during which callers answer at once instead of waiting on timeouts;
 * then one trial call goes through (given at most {@code openFor} to finish), and its outcome
 * closes or opens it again. A call that started before the breaker opened cannot close it.
 */
@Singleton
final class RankingBreaker {
    private final CircuitBreaker breaker;
    private final Duration openFor;

    @Inject
    RankingBreaker(
            MeterRegistry meters,
            @Value("${babynames.ranking.breaker.failure-rate}") float failureRate,
            @Value("${babynames.ranking.breaker.window}") int window,
            @Value("${babynames.ranking.breaker.open-for}") Duration openFor) {
        this.openFor = openFor;
        this.breaker = CircuitBreaker.of(
                "ranking-service",
                CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(window)
                        .minimumNumberOfCalls(window)
                        .failureRateThreshold(failureRate)
                        .waitDurationInOpenState(openFor)
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .maxWaitDurationInHalfOpenState(openFor)
                        .recordException(failure -> true)
                        .build());
        Gauge.builder(
                        "babynames.query.ranking.breaker.state",
                        this,
                        b -> b.state().ordinal())
                .description("Circuit breaker in front of ranking-service: 0 closed, 1 open, 2 half-open")
                .register(meters);
    }

    enum State {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    /**
     * Makes the call through the breaker: what it throws counts as a failure and is thrown on.
     *
     * @throws CallNotPermittedException while the breaker is open (or its one trial is out)
     */
    <T> T call(Supplier<T> call) {
        return breaker.executeSupplier(call);
    }

    State state() {
        return switch (breaker.getState()) {
            case CLOSED, DISABLED, METRICS_ONLY -> State.CLOSED;
            case HALF_OPEN -> State.HALF_OPEN;
            default -> State.OPEN;
        };
    }

    /** When to try again: after the open time while the breaker is open, else in a second. */
    Duration retryAfter() {
        return state() == State.CLOSED || openFor.compareTo(Duration.ofSeconds(1)) < 0
                ? Duration.ofSeconds(1)
                : openFor;
    }
}
