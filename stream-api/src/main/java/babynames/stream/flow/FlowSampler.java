package babynames.stream.flow;

import io.micronaut.context.BeanProvider;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a snapshot every {@code interval} while someone watches the books (asked for them within
 * {@code idleAfter}), and none otherwise: an unwatched panel costs nothing, not even the HTTP
 * client its scraper reads through, which is made when the books are first asked for (the
 * scheduler's first round comes as the service starts).
 */
@Singleton
final class FlowSampler {
    private static final Logger LOG = LoggerFactory.getLogger(FlowSampler.class);

    private final BeanProvider<FlowScraper> scraper;
    private final FlowHistory history;
    private final long idleAfterNanos;
    private volatile long lastAskedNanos;
    private volatile boolean watched;

    FlowSampler(BeanProvider<FlowScraper> scraper, FlowSettings settings) {
        this.scraper = scraper;
        this.history = new FlowHistory(settings.window().toMillis());
        this.idleAfterNanos = settings.idleAfter().toNanos();
    }

    /** The books now; the first call starts the sampling. */
    Books books() {
        lastAskedNanos = System.nanoTime();
        watched = true;
        return Books.of(history.window(), scraper.get().sourceNames());
    }

    @Scheduled(fixedDelay = "${babynames.stream.flow.interval}")
    void sample() {
        if (!watched) {
            return;
        }
        if (System.nanoTime() - lastAskedNanos > idleAfterNanos) {
            // Nobody watches: forget, so the next watcher's books start from now.
            watched = false;
            history.clear();
            return;
        }
        try {
            history.add(scraper.get().scrape());
        } catch (RuntimeException e) {
            LOG.warn("Could not read the flow's metrics: {}", e.toString());
        }
    }
}
