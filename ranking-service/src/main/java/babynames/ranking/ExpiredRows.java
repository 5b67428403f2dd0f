package babynames.ranking;

import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.time.Instant;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rows of a table that are older than its retention, and deleting them: a chunk at a time,
 * each its own short transaction, so pruning never holds long locks beside the counting
 * transactions.
 */
public final class ExpiredRows {
    /** The most rows one chunk deletes; the repositories' delete statements use the same. */
    public static final int CHUNK = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(ExpiredRows.class);

    private final String what;
    private final Duration retention;
    private final ToIntFunction<Instant> deleteChunkBefore;
    private final Counter deleted;

    /** {@code deleteChunkBefore} deletes up to {@link #CHUNK} rows older than its argument and says how many. */
    public ExpiredRows(String what, Duration retention, ToIntFunction<Instant> deleteChunkBefore, Counter deleted) {
        this.what = what;
        this.retention = retention;
        this.deleteChunkBefore = deleteChunkBefore;
        this.deleted = deleted;
    }

    /** Deletes what is past the retention now; a failure is logged and left for the next run. */
    public void deleteNow() {
        try {
            long count = delete(Instant.now().minus(retention));
            if (count > 0) {
                LOG.info("Deleted {} {} older than {}", count, what, retention);
            }
        } catch (RuntimeException e) {
            // The database is away: a DataAccessException, or no connection at all.
            LOG.warn("Could not delete the expired {}, will try again: {}", what, e.toString());
        }
    }

    /** Deletes the rows older than {@code cutoff}; returns how many. */
    public long delete(Instant cutoff) {
        long total = 0;
        int chunk;
        do {
            chunk = deleteChunkBefore.applyAsInt(cutoff);
            total += chunk;
        } while (chunk == CHUNK);
        deleted.increment(total);
        return total;
    }
}
