package babynames.ranking.counting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.events.EventJson;
import babynames.events.Sex;
import babynames.events.TopicNames;
import babynames.ranking.RankingDatabase;
import babynames.ranking.outbox.OutboxWriter;
import io.micronaut.json.JsonMapper;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Rankers on other partitions do not queue behind each other on the top-10 snapshot row. */
class Top10RecorderIT {
    private final JsonMapper mapper = JsonMapper.createDefault();
    private final Top10Recorder recorder = new Top10Recorder(
            new EventJson(mapper), OutboxWriter.create(mapper), Clock.systemUTC(), TopicNames.DEFAULT);

    @Test
    void aBatchThatCannotChangeTheTop10TakesNoLockThatAChangingBatchWaitsFor() throws Exception {
        DataSource dataSource = RankingDatabase.create();
        try (Connection setup = dataSource.getConnection();
                Statement statement = setup.createStatement()) {
            statement.execute("INSERT INTO name_counts (sex, name, registered)"
                    + " SELECT 'male', 'TOP' || n, 100 + n FROM generate_series(1, 10) n");
            recorder.recordIfChanged(setup, Sex.MALE, null, "setup", "setup");
        }

        try (Connection quiet = dataSource.getConnection();
                Connection changing = dataSource.getConnection()) {
            quiet.setAutoCommit(false);
            quiet.createStatement()
                    .execute("INSERT INTO name_counts (sex, name, registered) VALUES ('male', 'RARE', 1)");
            boolean quietChanged = recorder.recordIfChanged(quiet, Sex.MALE, Map.of("RARE", 1L), "quiet", "quiet")
                    .isPresent();

            // Still inside the quiet transaction: a change must not wait for it.
            changing.setAutoCommit(false);
            changing.createStatement().execute("SET LOCAL lock_timeout = '2s'");
            changing.createStatement().execute("UPDATE name_counts SET registered = 500 WHERE name = 'TOP1'");
            var change = recorder.recordIfChanged(changing, Sex.MALE, Map.of("TOP1", 500L), "changing", "changing");
            changing.commit();
            quiet.commit();

            assertEquals(false, quietChanged);
            assertTrue(change.isPresent());
            assertEquals("TOP1", change.get().names().get(0).name());
            assertEquals(2, change.get().version());
        }
    }
}
