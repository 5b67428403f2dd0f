package babynames.support;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;

/** Liveness: DOWN, naming each one, once any background loop has died. */
@Singleton
@Liveness
final class BackgroundLoopsLivenessIndicator implements HealthIndicator {
    private final BackgroundLoops loops;

    BackgroundLoopsLivenessIndicator(BackgroundLoops loops) {
        this.loops = loops;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(result());
    }

    HealthResult result() {
        Map<String, String> dead = new LinkedHashMap<>();
        loops.dead().forEach(loop -> dead.put(loop.name(), loop.ending()));
        return HealthResult.builder("backgroundLoops", dead.isEmpty() ? HealthStatus.UP : HealthStatus.DOWN)
                .details(Map.of("dead", dead))
                .build();
    }
}
