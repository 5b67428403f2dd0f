package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.embedded.Database;
import babynames.embedded.FreePorts;
import babynames.localstack.ClassDataCache;
import babynames.localstack.ServiceStack;
import babynames.localstack.ServiceStack.Service;
import babynames.testsupport.BackingServices;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM stops ranking-service promptly even while its database does not answer: an orchestrator
 * kills what has not stopped within its grace period (Docker's default is 10 s), and a ranker still
 * waiting for PostgreSQL holds nothing it must finish, so it does not wait out the connection
 * attempt in flight (seconds each).
 */
class RankerStopIT {
    /** ranking-service's {@code datasources.default.connection-timeout}. */
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

    @Test
    void aRankerWaitingForItsDatabaseStopsWithoutWaitingOutTheConnectionAttempt() {
        Database away = new Database(
                "jdbc:postgresql://localhost:" + FreePorts.next() + "/babynames", "babynames", "babynames");
        RankerHarness harness = new RankerHarness(BackingServices.shared().kafkaBootstrapServers(), away, Map.of());
        try (ServiceStack stack = harness.stack) {
            // Without the class-data cache: a training run writes its archive as it exits.
            stack.start(Service.RANKING, Map.of(), ClassDataCache.off());
            // Each attempt to reach the database logs this as it begins, and waits up to the
            // connection timeout: the second has just begun.
            Awaitility.await()
                    .atMost(Duration.ofMinutes(1))
                    .until(() -> harness.log.stream()
                                    .filter(line -> line.contains("Running migrations"))
                                    .count()
                            >= 2);

            long start = System.nanoTime();
            int exit = stack.stop(Service.RANKING, Duration.ofSeconds(30));
            long millis = (System.nanoTime() - start) / 1_000_000;

            System.out.printf("RankerStopIT: stopped in %d ms with exit code %d%n", millis, exit);
            assertNotEquals(137, exit, "ranking-service had to be killed after SIGTERM");
            // The attempt in flight is abandoned, not waited out: a ranker that waits it out takes
            // most of its 5 s, and 2 s more to close the pool.
            assertTrue(millis < CONNECTION_TIMEOUT.toMillis(), "stopped in " + millis + " ms");
        }
    }
}
