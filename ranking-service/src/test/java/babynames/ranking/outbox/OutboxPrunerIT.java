package babynames.ranking.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import babynames.ranking.RankingContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxPrunerIT {
    @Test
    void deletesOnlyRowsPublishedBeforeTheCutoffNeverAnUnpublishedOne() throws Exception {
        try (RankingContext ranking = RankingContext.start();
                Connection c = ranking.connect()) {
            c.createStatement()
                    .execute("INSERT INTO outbox (topic, record_key, payload, created_at, sent_at)"
                            + " SELECT 'old-sent', 'male', '\\x7b7d', now() - interval '3 hours',"
                            + " now() - interval '2 hours' FROM generate_series(1, 12000)");
            c.createStatement()
                    .execute("INSERT INTO outbox (topic, record_key, payload, created_at, sent_at) VALUES"
                            + " ('recent-sent', 'male', '\\x7b7d', now(), now()),"
                            + " ('old-unsent', 'male', '\\x7b7d', now() - interval '3 hours', NULL)");
            OutboxPruner pruner = new OutboxPruner(
                    ranking.bean(OutboxRepository.class), new SimpleMeterRegistry(), Duration.ofHours(1));

            long deleted = pruner.prune(Instant.now().minus(Duration.ofHours(1)));

            assertEquals(12_000, deleted);
            List<String> left = new ArrayList<>();
            try (ResultSet rows = c.createStatement().executeQuery("SELECT topic FROM outbox ORDER BY topic")) {
                while (rows.next()) {
                    left.add(rows.getString(1));
                }
            }
            assertEquals(List.of("old-unsent", "recent-sent"), left);
        }
    }
}
