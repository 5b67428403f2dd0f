package babynames.stream;

import babynames.support.CorrelationFilter;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Replays what a resuming client missed, from the client's cursor up to the live cursor it joined
 * at; then the client continues with the live events held back meanwhile. At most
 * {@code maxReplays} read the log at once and {@code maxQueuedReplays} wait their turn (their live
 * events wait in their own bounded buffers); beyond that a resume is refused.
 */
@Singleton
final class Replayer {
    private static final Logger LOG = LoggerFactory.getLogger(Replayer.class);
    private static final Duration QUEUE_WAIT = Duration.ofSeconds(10);

    private final ThreadPoolExecutor pool;
    private final EventLog log;
    private final StreamMetrics metrics;
    private final Duration maxDuration;

    Replayer(StreamSettings settings, EventLog log, StreamMetrics metrics) {
        this.pool = new ThreadPoolExecutor(
                settings.maxReplays(),
                settings.maxReplays(),
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(Math.max(1, settings.maxQueuedReplays())),
                DaemonThreads.named("stream-replay"));
        this.maxDuration = settings.maxReplayDuration();
        this.log = log;
        this.metrics = metrics;
    }

    /**
     * Replays into {@code client} from {@code from} once its turn comes: then {@code joinFeed}
     * adds it to the live feed and says the live cursor, which is where the replay stops.
     *
     * @throws RejectedExecutionException when too many replays wait already
     */
    void replay(ClientStream client, StreamCursor from, Supplier<StreamCursor> joinFeed, String correlationId) {
        pool.execute(() -> {
            MDC.put(CorrelationFilter.MDC_KEY, correlationId);
            try {
                run(client, from, joinFeed);
            } finally {
                MDC.remove(CorrelationFilter.MDC_KEY);
            }
        });
    }

    private void run(ClientStream client, StreamCursor from, Supplier<StreamCursor> joinFeed) {
        if (client.isClosed()) {
            return;
        }
        StreamCursor live = joinFeed.get();
        long started = System.nanoTime();
        String outcome = "replayed";
        boolean failed = false;
        long[] sent = {0};
        try {
            StreamCursor reached = log.read(from, live, started + maxDuration.toNanos(), event -> {
                sent[0]++;
                return client.offerReplayed(event, QUEUE_WAIT);
            });
            client.endReplay(reached.max(live));
            metrics.replayed();
        } catch (EventLog.PositionGone e) {
            outcome = "gap: " + e.getMessage();
            metrics.gap();
            client.gap("the position is no longer in Kafka; continuing with live events", live);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = "interrupted";
            failed = true;
            client.finish(Broadcaster.RECONNECT);
        } catch (RuntimeException e) {
            outcome = "failed: " + e;
            failed = true;
            client.finish(Broadcaster.RECONNECT);
        }
        String line = "Replay from {} to {}: {} events of {} in {} ms, {}";
        Object[] values = {
            from,
            live,
            sent[0],
            live.distanceFrom(from),
            Duration.ofNanos(System.nanoTime() - started).toMillis(),
            outcome
        };
        if (failed) {
            LOG.warn(line, values);
        } else {
            LOG.info(line, values);
        }
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
