package babynames.ranking.counting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import babynames.ranking.RankingContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SeenEventsPrunerIT {
    @Test
    void forgetsOnlyTheIdsSeenBeforeTheCutoff() throws Exception {
        try (RankingContext ranking = RankingContext.start();
                Connection c = ranking.connect()) {
            c.createStatement()
                    .execute("INSERT INTO seen_events (event_id, seen_at)"
                            + " SELECT gen_random_uuid(), now() - interval '25 hours' FROM generate_series(1, 25000)");
            c.createStatement()
                    .execute("INSERT INTO seen_events (event_id, seen_at)"
                            + " SELECT gen_random_uuid(), now() - interval '1 hour' FROM generate_series(1, 7)");
            SeenEventsPruner pruner = new SeenEventsPruner(
                    ranking.bean(CountRepository.class), new SimpleMeterRegistry(), Duration.ofHours(24));

            long deleted = pruner.prune(Instant.now().minus(Duration.ofHours(24)));

            assertEquals(25_000, deleted);
            try (ResultSet left = c.createStatement().executeQuery("SELECT count(*) FROM seen_events")) {
                left.next();
                assertEquals(7, left.getLong(1));
            }
        }
    }
}
