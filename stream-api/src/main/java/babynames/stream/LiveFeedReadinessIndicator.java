package babynames.stream;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;

/** Ready once the live feed reads Kafka: a client connecting before that would miss events. */
@Singleton
@Readiness
final class LiveFeedReadinessIndicator implements HealthIndicator {
    private final LiveFeed feed;
    private final Broadcaster broadcaster;

    LiveFeedReadinessIndicator(LiveFeed feed, Broadcaster broadcaster) {
        this.feed = feed;
        this.broadcaster = broadcaster;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        boolean ready = feed.live();
        return Publishers.just(HealthResult.builder("liveFeed", ready ? HealthStatus.UP : HealthStatus.DOWN)
                .details(Map.of("live", ready, "clients", broadcaster.clientCount()))
                .build());
    }
}
