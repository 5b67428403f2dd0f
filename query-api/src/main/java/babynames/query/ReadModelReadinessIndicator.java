package babynames.query;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;

/** Ready only once the read model has caught up: before that, GET /top10 could answer with an old list. */
@Singleton
@Readiness
final class ReadModelReadinessIndicator implements HealthIndicator {
    private final Top10Listener listener;

    ReadModelReadinessIndicator(Top10Listener listener) {
        this.listener = listener;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        boolean ready = listener.caughtUp();
        return Publishers.just(HealthResult.builder("readModel", ready ? HealthStatus.UP : HealthStatus.DOWN)
                .details(Map.of("caughtUp", ready))
                .build());
    }
}
