package babynames.ranking.admin;

import babynames.events.EventJson;
import babynames.events.Sex;
import babynames.events.TopicNames;
import babynames.ranking.counting.Top10;
import babynames.ranking.counting.Top10Recorder;
import babynames.ranking.outbox.OutboxWriter;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Sets the ONS baseline of one sex. The baseline is stored apart from the registered count, and
 * importing sets it (never adds to it), so importing the same file twice changes nothing.
 */
@Singleton
final class BaselineImporter {
    private final DataSource dataSource;
    private final Top10Recorder recorder;

    BaselineImporter(DataSource dataSource, JsonMapper mapper, OutboxWriter outbox, TopicNames topics) {
        this.dataSource = dataSource;
        this.recorder = new Top10Recorder(new EventJson(mapper), outbox, Clock.systemUTC(), topics);
    }

    /** Returns whether the top 10 changed (an outbox row then waits for the service's relay). */
    boolean importBaseline(Sex sex, List<Top10.NameCount> rows, String source) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                // An import may lower counts, which rankers never do: keep them out until it has
                // recorded its top 10, since they decide "could the top 10 change?" on counts only
                // growing (Top10Recorder).
                try (var lock = connection.createStatement()) {
                    lock.execute("LOCK TABLE name_counts IN SHARE ROW EXCLUSIVE MODE");
                }
                String[] names = new String[rows.size()];
                Long[] counts = new Long[rows.size()];
                Map<String, Long> touched = new HashMap<>();
                for (int i = 0; i < rows.size(); i++) {
                    names[i] = rows.get(i).name();
                    counts[i] = rows.get(i).count();
                }
                try (PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO name_counts (sex, name, baseline)
                        SELECT ?, * FROM unnest(?::text[], ?::bigint[])
                        ON CONFLICT (sex, name) DO UPDATE SET baseline = EXCLUDED.baseline
                        RETURNING name, count""")) {
                    upsert.setString(1, sex.wireName());
                    upsert.setArray(2, connection.createArrayOf("text", names));
                    upsert.setArray(3, connection.createArrayOf("bigint", counts));
                    try (var result = upsert.executeQuery()) {
                        while (result.next()) {
                            touched.put(result.getString(1), result.getLong(2));
                        }
                    }
                }
                boolean changed = recorder.recordIfChanged(
                                connection, sex, touched, "import:" + source, "import-" + UUID.randomUUID())
                        .isPresent();
                connection.commit();
                return changed;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }
}
