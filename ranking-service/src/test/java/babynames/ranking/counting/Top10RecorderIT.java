package babynames.ranking.counting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.events.Sex;
import babynames.events.Top10Changed;
import babynames.ranking.RankingContext;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Rankers on other partitions do not queue behind each other on the top-10 snapshot row. */
class Top10RecorderIT {
    @Test
    @SuppressWarnings("unchecked")
    void aBatchThatCannotChangeTheTop10TakesNoLockThatAChangingBatchWaitsFor() throws Exception {
        try (RankingContext ranking = RankingContext.start()) {
            Top10Recorder recorder = ranking.bean(Top10Recorder.class);
            TransactionOperations<Connection> transactions = ranking.bean(TransactionOperations.class);
            try (Connection setup = ranking.connect();
                    Statement statement = setup.createStatement()) {
                statement.execute("INSERT INTO name_counts (sex, name, registered)"
                        + " SELECT 'male', 'TOP' || n, 100 + n FROM generate_series(1, 10) n");
            }
            transactions.executeWrite(status -> recorder.recordIfChanged(Sex.MALE, null, "setup", "setup"));

            CountDownLatch quietDecided = new CountDownLatch(1);
            CountDownLatch changeDone = new CountDownLatch(1);
            CompletableFuture<Boolean> quiet = CompletableFuture.supplyAsync(() -> transactions.executeWrite(status -> {
                status.getConnection()
                        .createStatement()
                        .execute("INSERT INTO name_counts (sex, name, registered) VALUES ('male', 'RARE', 1)");
                boolean changed = recorder.recordIfChanged(Sex.MALE, Map.of("RARE", 1L), "quiet", "quiet")
                        .isPresent();
                quietDecided.countDown();
                // Still inside the quiet transaction until the change is done.
                changeDone.await(30, TimeUnit.SECONDS);
                return changed;
            }));
            assertTrue(quietDecided.await(30, TimeUnit.SECONDS));

            Optional<Top10Changed> change = transactions.executeWrite(status -> {
                status.getConnection().createStatement().execute("SET LOCAL lock_timeout = '2s'");
                status.getConnection()
                        .createStatement()
                        .execute("UPDATE name_counts SET registered = 500 WHERE name = 'TOP1'");
                return recorder.recordIfChanged(Sex.MALE, Map.of("TOP1", 500L), "changing", "changing");
            });
            changeDone.countDown();

            assertEquals(false, quiet.get(30, TimeUnit.SECONDS));
            assertTrue(change.isPresent());
            assertEquals("TOP1", change.get().names().get(0).name());
            assertEquals(2, change.get().version());
        }
    }
}
