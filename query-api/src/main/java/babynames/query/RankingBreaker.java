package babynames.query;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/** The one circuit breaker in front of ranking-service, configured and exposed as a metric. */
@Singleton
final class RankingBreaker {
    private final CircuitBreaker breaker;

    RankingBreaker(
            MeterRegistry meters,
            @Value("${babynames.ranking.breaker.failures}") int failures,
            @Value("${babynames.ranking.breaker.open-for}") Duration openFor) {
        this.breaker = new CircuitBreaker(failures, openFor, Clock.systemUTC());
        Gauge.builder(
                        "babynames.query.ranking.breaker.state",
                        breaker,
                        b -> b.state().ordinal())
                .description("Circuit breaker in front of ranking-service: 0 closed, 1 open, 2 half-open")
                .register(meters);
    }

    CircuitBreaker breaker() {
        return breaker;
    }
}
