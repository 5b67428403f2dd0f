package babynames.ranking.counting;

import babynames.ranking.RankingEnvironments;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database's own total of registered counts, as a gauge, so the books can be checked against
 * what the database holds and not only against the ranker's counters (ops/prometheus/rules: a
 * count written twice shows there). Read every 15 s, not on each scrape, so a slow database never
 * slows /prometheus; NaN until the first read.
 */
@Singleton
@Requires(notEnv = RankingEnvironments.ADMIN)
final class RegisteredTotalGauge {
    private static final Logger LOG = LoggerFactory.getLogger(RegisteredTotalGauge.class);

    private final CountRepository counts;
    private volatile double total = Double.NaN;

    RegisteredTotalGauge(CountRepository counts, MeterRegistry meters) {
        this.counts = counts;
        Gauge.builder("babynames.ranking.registered.in.database", this, gauge -> gauge.total)
                .description("Registrations counted in the database (the sum of name_counts.registered)")
                .register(meters);
    }

    @Scheduled(fixedDelay = "15s", initialDelay = "1s")
    void read() {
        try {
            total = counts.registeredTotal();
        } catch (RuntimeException e) {
            // The database is away: a DataAccessException, or no connection at all.
            LOG.debug("Could not read the registered total: {}", e.toString());
        }
    }
}
