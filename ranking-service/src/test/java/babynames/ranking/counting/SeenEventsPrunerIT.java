package babynames.ranking.counting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import babynames.ranking.RankingDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class SeenEventsPrunerIT {
    @Test
    void forgetsOnlyTheIdsSeenBeforeTheCutoff() throws Exception {
        DataSource dataSource = RankingDatabase.create();
        try (Connection c = dataSource.getConnection()) {
            c.createStatement()
                    .execute("INSERT INTO seen_events (event_id, seen_at)"
                            + " SELECT gen_random_uuid(), now() - interval '25 hours' FROM generate_series(1, 25000)");
            c.createStatement()
                    .execute("INSERT INTO seen_events (event_id, seen_at)"
                            + " SELECT gen_random_uuid(), now() - interval '1 hour' FROM generate_series(1, 7)");
        }
        SeenEventsPruner pruner = new SeenEventsPruner(dataSource, new SimpleMeterRegistry(), Duration.ofHours(24));

        long deleted = pruner.prune(Instant.now().minus(Duration.ofHours(24)));

        assertEquals(25_000, deleted);
        try (Connection c = dataSource.getConnection();
                ResultSet left = c.createStatement().executeQuery("SELECT count(*) FROM seen_events")) {
            left.next();
            assertEquals(7, left.getLong(1));
        }
    }
}
