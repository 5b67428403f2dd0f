package babynames.ranking.outbox;

import static org.junit.jupiter.api.Assertions.assertFalse;

import babynames.embedded.Database;
import babynames.ranking.RankingContext;
import babynames.ranking.SchemaMigration;
import babynames.testsupport.BackingServices;
import babynames.testsupport.TestNames;
import io.micronaut.context.ApplicationContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The outbox relay waits for the schema the ranker migrates, and starts relaying as soon as it is
 * there rather than a sweep interval later: with the sweep set to an hour, a ranker started while
 * its database lets nobody in is ready within seconds of the database letting it in.
 */
class RelayStartsWithTheSchemaIT {
    private static final Duration AN_HOUR = Duration.ofHours(1);

    @Test
    void theRelayIsHealthySoonAfterTheRankerMigratesTheSchema() throws Exception {
        Database database = BackingServices.shared().newDatabase();
        String name = database.name();
        // Opening and closing the test's database to connections is done from the server's own.
        Database maintenance = database.sibling("postgres");
        try (Connection own =
                        DriverManager.getConnection(maintenance.jdbcUrl(), maintenance.user(), maintenance.password());
                Statement sql = own.createStatement()) {
            sql.execute("ALTER DATABASE \"" + name + "\" ALLOW_CONNECTIONS false");
            try (ApplicationContext ranker = startRanker(database)) {
                OutboxRelay relay = ranker.getBean(OutboxRelay.class);
                // The relay has found no schema and sleeps until its next sweep, an hour away.
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(RelayStartsWithTheSchemaIT::relayAsleep);
                assertFalse(ranker.getBean(SchemaMigration.class).isMigrated());
                assertFalse(relay.healthy());

                sql.execute("ALTER DATABASE \"" + name + "\" ALLOW_CONNECTIONS true");

                Awaitility.await().atMost(Duration.ofSeconds(30)).until(relay::healthy);
            }
        }
    }

    private static ApplicationContext startRanker(Database database) {
        return ApplicationContext.builder()
                .deduceEnvironment(false)
                .banner(false)
                .properties(Map.of(
                        "babynames.kafka.bootstrap-servers",
                                BackingServices.shared().kafkaBootstrapServers(),
                        "babynames.kafka.topic-prefix", TestNames.unique().toLowerCase() + ".",
                        "babynames.outbox.sweep-interval", AN_HOUR.toString()))
                .properties(RankingContext.datasources(database))
                .start();
    }

    /** Whether the relay's thread waits for a wake-up or its next sweep. */
    private static boolean relayAsleep() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> thread.getKey().getName().equals("outbox-relay"))
                .anyMatch(thread -> thread.getKey().getState() == Thread.State.TIMED_WAITING
                        && Arrays.stream(thread.getValue())
                                .anyMatch(frame -> frame.getClassName().equals("java.util.concurrent.Semaphore")));
    }
}
