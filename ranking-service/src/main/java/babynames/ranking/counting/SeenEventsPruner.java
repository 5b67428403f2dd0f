package babynames.ranking.counting;

import babynames.ranking.ExpiredRows;
import babynames.ranking.RankingEnvironments;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;

/**
 * Forgets counted event ids once they are older than the retention (24 h by default, as long as a
 * client may retry with the same Idempotency-Key), so {@code seen_events} does not grow without
 * bound. Offsets, not these ids, keep a redelivered batch from being counted twice.
 */
@Singleton
@Requires(notEnv = RankingEnvironments.ADMIN)
public final class SeenEventsPruner {
    private final ExpiredRows expired;

    SeenEventsPruner(
            CountRepository counts,
            MeterRegistry meters,
            @Value("${babynames.seen-events.retention}") Duration retention) {
        this.expired = new ExpiredRows(
                "seen event ids",
                retention,
                counts::forgetSeenBefore,
                meters.counter("babynames.ranking.seen.events.pruned"));
    }

    @Scheduled(
            fixedDelay = "${babynames.seen-events.prune-interval}",
            initialDelay = "${babynames.seen-events.prune-interval}")
    void pruneOnSchedule() {
        expired.deleteNow();
    }

    /** Deletes the ids seen before {@code cutoff}; returns how many. */
    public long prune(Instant cutoff) {
        return expired.delete(cutoff);
    }
}
