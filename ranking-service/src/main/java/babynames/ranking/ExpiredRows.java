package babynames.ranking;

import io.micrometer.core.instrument.Counter;
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
 * The rows of a table that are older than its retention, and deleting them: in small chunks,
 * each its own short transaction, so pruning never holds long locks beside the counting
 * transactions.
 */
public final class ExpiredRows {
    private static final Logger LOG = LoggerFactory.getLogger(ExpiredRows.class);
    private static final int CHUNK = 10_000;

    private final DataSource dataSource;
    private final String table;
    private final String timeColumn;
    private final Duration retention;
    private final Counter pruned;
    private final String delete;

    /** Rows of {@code table} (primary key {@code key}) whose {@code timeColumn} is older than {@code retention}. */
    public ExpiredRows(
            DataSource dataSource, String table, String key, String timeColumn, Duration retention, Counter pruned) {
        this.dataSource = dataSource;
        this.table = table;
        this.timeColumn = timeColumn;
        this.retention = retention;
        this.pruned = pruned;
        this.delete = "DELETE FROM " + table + " WHERE " + key + " IN (SELECT " + key + " FROM " + table + " WHERE "
                + timeColumn + " < ? LIMIT " + CHUNK + ")";
    }

    /** Deletes what is past the retention now; a failure is logged and left for the next run. */
    public void deleteNow() {
        try {
            long deleted = delete(Instant.now().minus(retention));
            if (deleted > 0) {
                LOG.info("Deleted {} rows of {} with {} before the last {}", deleted, table, timeColumn, retention);
            }
        } catch (SQLException e) {
            LOG.warn("Could not delete the expired rows of {}, will try again: {}", table, e.toString());
        }
    }

    /** Deletes the rows whose time is before {@code cutoff}; returns how many. */
    public long delete(Instant cutoff) throws SQLException {
        long total = 0;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(delete)) {
            statement.setTimestamp(1, Timestamp.from(cutoff));
            int deleted;
            do {
                deleted = statement.executeUpdate();
                total += deleted;
            } while (deleted == CHUNK);
        }
        pruned.increment(total);
        return total;
    }
}
