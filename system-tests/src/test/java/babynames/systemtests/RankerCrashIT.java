package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import babynames.events.Sex;
import babynames.testsupport.BackingServices;
import babynames.testsupport.Database;
import babynames.testsupport.ServiceStack;
import babynames.testsupport.ServiceStack.Service;
import babynames.testsupport.TestNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
        BackingServices backing = BackingServices.shared();
        Database database = backing.newDatabase();
        CountDownLatch paused = new CountDownLatch(1);
        ServiceStack stack = new ServiceStack(
                ServiceStack.findRepoRoot(),
                backing.kafkaBootstrapServers(),
                database,
                ServiceStack.freePorts(),
                Map.of("KAFKA_GROUP_ID", "crash-" + TestNames.unique(), "KAFKA_MAX_POLL_RECORDS", "100"),
                line -> {
                    if (line.contains("fault-injection: paused after the database commit")) {
                        paused.countDown();
                    }
                });
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            names.add(TestNames.unique());
        }
        try (stack) {
            long start = System.nanoTime();
            Registrations.publish(backing.kafkaBootstrapServers(), names, Sex.FEMALE, PER_NAME);

            stack.start(Service.RANKING, Map.of("FAULT_PAUSE_AFTER_DB_COMMIT", "5"));
            assertEquals(true, paused.await(2, TimeUnit.MINUTES), "the ranker reached the crash point");
            Map<String, Long> atCrash = Registrations.counted(database, Sex.FEMALE, names);
            stack.kill(Service.RANKING);
            long killedAt = System.nanoTime();
            stack.start(Service.RANKING);

            Awaitility.await()
                    .atMost(Duration.ofMinutes(2))
                    .until(() -> Registrations.counted(database, Sex.FEMALE, names).values().stream()
                                    .allMatch(count -> count >= PER_NAME)
                            && Registrations.counted(database, Sex.FEMALE, names)
                                            .size()
                                    == names.size());
            // Give a wrongly repeated batch the time to show up before checking the books.
            stack.process(Service.RANKING).awaitReady(Duration.ofMinutes(1));
            Map<String, Long> counted = Registrations.counted(database, Sex.FEMALE, names);
            long total = counted.values().stream().mapToLong(Long::longValue).sum();
            long sent = (long) PER_NAME * names.size();
            System.out.printf(
                    "RankerCrashIT: sent=%d counted-at-crash=%d counted=%d lost=%d double-counted=%d recovery=%dms total=%dms%n",
                    sent,
                    atCrash.values().stream().mapToLong(Long::longValue).sum(),
                    total,
                    Math.max(0, sent - total),
                    Math.max(0, total - sent),
                    (System.nanoTime() - killedAt) / 1_000_000,
                    (System.nanoTime() - start) / 1_000_000);
            for (String name : names) {
                assertEquals(PER_NAME, counted.get(name), name);
            }
        }
    }
}
