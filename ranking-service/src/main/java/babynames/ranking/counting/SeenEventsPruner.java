package babynames.ranking.counting;

import babynames.ranking.RankingEnvironments;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets counted event ids once they are older than the retention (24 h by default, as long as a
 * client may retry with the same Idempotency-Key), so {@code seen_events} does not grow without
 * bound. Deletes in small chunks, so it never holds long locks beside the counting transactions.
 */
@Singleton
@Requires(notEnv = RankingEnvironments.ADMIN)
public final class SeenEventsPruner {
    private static final Logger LOG = LoggerFactory.getLogger(SeenEventsPruner.class);
    private static final int CHUNK = 10_000;

    private final DataSource dataSource;
    private final Duration retention;
    private final Counter pruned;

    SeenEventsPruner(
            DataSource dataSource,
            MeterRegistry meters,
            @Value("${babynames.seen-events.retention}") Duration retention) {
        this.dataSource = dataSource;
        this.retention = retention;
        this.pruned = meters.counter("babynames.ranking.seen.events.pruned");
    }

    @Scheduled(fixedDelay = "${babynames.seen-events.prune-interval}", initialDelay = "1m")
    void pruneOnSchedule() {
        try {
            long deleted = prune(Instant.now().minus(retention));
            if (deleted > 0) {
                LOG.info("Forgot {} event ids counted before the last {}", deleted, retention);
            }
        } catch (SQLException e) {
            LOG.warn("Could not prune seen event ids, will try again: {}", e.toString());
        }
    }

    /** Deletes the ids seen before {@code cutoff}; returns how many. */
    public long prune(Instant cutoff) throws SQLException {
        long total = 0;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM seen_events WHERE event_id IN"
                        + " (SELECT event_id FROM seen_events WHERE seen_at < ? LIMIT " + CHUNK + ")")) {
            delete.setTimestamp(1, Timestamp.from(cutoff));
            int deleted;
            do {
                deleted = delete.executeUpdate();
                total += deleted;
            } while (deleted == CHUNK);
        }
        pruned.increment(total);
        return total;
    }
}
