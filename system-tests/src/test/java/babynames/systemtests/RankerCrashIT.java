package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import babynames.events.Sex;
import babynames.localstack.ServiceStack.Service;
import babynames.testsupport.TestNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The exactly-once guarantee under the worst crash: the ranker is killed with SIGKILL after a
 * batch's database commit and before its offset commit, so Kafka delivers that batch again to the
 * restarted ranker. Every count must still be exact.
 */
class RankerCrashIT {
    private static final int PER_NAME = 150;

    @Test
    void countsEachRegistrationOnceWhenTheRankerIsKilledBetweenTheDatabaseAndOffsetCommits() throws Exception {
        RankerHarness harness = new RankerHarness(Map.of("KAFKA_MAX_POLL_RECORDS", "100"));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            names.add(TestNames.unique());
        }
        try (var stack = harness.stack) {
            long start = System.nanoTime();
            Registrations.publish(harness.kafka(), harness.topics, names, Sex.FEMALE, PER_NAME);

            stack.start(Service.RANKING, Map.of("FAULT_PAUSE_AFTER_DB_COMMIT", "5"));
            Awaitility.await()
                    .atMost(Duration.ofMinutes(2))
                    .until(() -> harness.log.stream().anyMatch(line -> line.contains("fault-injection: paused")));
            long countedAtCrash = total(Registrations.counted(harness.database, Sex.FEMALE, names));
            stack.kill(Service.RANKING);
            long killedAt = System.nanoTime();
            stack.start(Service.RANKING).awaitReady(Duration.ofMinutes(1));

            Awaitility.await()
                    .atMost(Duration.ofMinutes(2))
                    .until(() -> harness.rankerLag() == 0
                            && total(Registrations.counted(harness.database, Sex.FEMALE, names))
                                    >= (long) PER_NAME * names.size());
            Map<String, Long> counted = Registrations.counted(harness.database, Sex.FEMALE, names);
            long sent = (long) PER_NAME * names.size();
            System.out.printf(
                    "RankerCrashIT: sent=%d counted-at-crash=%d counted=%d lost=%d double-counted=%d recovery=%dms total=%dms%n",
                    sent,
                    countedAtCrash,
                    total(counted),
                    Math.max(0, sent - total(counted)),
                    Math.max(0, total(counted) - sent),
                    (System.nanoTime() - killedAt) / 1_000_000,
                    (System.nanoTime() - start) / 1_000_000);
            for (String name : names) {
                assertEquals(PER_NAME, counted.get(name), name);
            }
        }
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
