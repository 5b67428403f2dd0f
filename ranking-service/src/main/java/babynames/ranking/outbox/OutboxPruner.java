package babynames.ranking.outbox;

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
 * Deletes outbox rows published more than {@code OUTBOX_RETENTION} ago: once Kafka has them, the
 * rows are kept only for looking into (psql), so the table does not grow with uptime. A row not
 * yet published has no {@code sent_at} and is never deleted.
 */
@Singleton
@Requires(notEnv = RankingEnvironments.ADMIN)
public final class OutboxPruner {
    private final ExpiredRows expired;

    OutboxPruner(
            OutboxRepository outbox, MeterRegistry meters, @Value("${babynames.outbox.retention}") Duration retention) {
        this.expired = new ExpiredRows(
                "published outbox rows",
                retention,
                outbox::deleteSentBefore,
                meters.counter("babynames.outbox.pruned"));
    }

    @Scheduled(fixedDelay = "${babynames.outbox.prune-interval}", initialDelay = "${babynames.outbox.prune-interval}")
    void pruneOnSchedule() {
        expired.deleteNow();
    }

    /** Deletes the rows published before {@code cutoff}; returns how many. */
    public long prune(Instant cutoff) {
        return expired.delete(cutoff);
    }
}
