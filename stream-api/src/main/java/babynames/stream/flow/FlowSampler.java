package babynames.stream.flow;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a snapshot every {@code interval} while someone watches the books (asked for them within
 * {@code idleAfter}), and none otherwise: an unwatched panel costs nothing.
 */
@Singleton
final class FlowSampler {
    private static final Logger LOG = LoggerFactory.getLogger(FlowSampler.class);

    private final FlowScraper scraper;
    private final FlowHistory history;
    private final long idleAfterNanos;
    private volatile long lastAskedNanos;
    private volatile boolean watched;

    FlowSampler(FlowScraper scraper, FlowSettings settings) {
        this.scraper = scraper;
        this.history = new FlowHistory(settings.window().toMillis());
        this.idleAfterNanos = settings.idleAfter().toNanos();
    }

    /** The books now; the first call starts the sampling. */
    Books books() {
        lastAskedNanos = System.nanoTime();
        watched = true;
        return Books.of(history.window(), scraper.sourceNames());
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
            history.add(scraper.scrape());
        } catch (RuntimeException e) {
            LOG.warn("Could not read the flow's metrics: {}", e.toString());
        }
    }
}
