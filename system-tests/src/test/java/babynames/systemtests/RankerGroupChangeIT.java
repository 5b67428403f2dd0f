package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import babynames.events.Sex;
import babynames.localstack.ServiceStack.Service;
import babynames.testsupport.TestNames;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Exactly once over any span of time: the ranker's log position lives in the database, so a
 * ranker started under a new consumer group (which Kafka starts at the earliest offset), long
 * after the counted event ids were forgotten, counts nothing a second time.
 */
class RankerGroupChangeIT {
    private static final int PER_NAME = 40;
    private static final int PARTITIONS = 3;

    @Test
    void aRankerUnderANewConsumerGroupCountsNothingAgainAfterTheSeenIdsAreForgotten() throws Exception {
        RankerHarness harness = new RankerHarness(Map.of(
                "SEEN_EVENTS_RETENTION", "1s",
                "SEEN_EVENTS_PRUNE_INTERVAL", "1s"));
        List<String> names = names(8);
        try (var stack = harness.stack) {
            stack.start(Service.RANKING).awaitReady(Duration.ofMinutes(1));
            Registrations.publish(harness.kafka(), harness.topics, names, Sex.MALE, PER_NAME);
            Awaitility.await()
                    .atMost(Duration.ofMinutes(2))
                    .until(() -> total(Registrations.counted(harness.database, Sex.MALE, names))
                            == (long) PER_NAME * names.size());
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> seenEventIds(harness) == 0);

            stack.start(Service.RANKING, Map.of("KAFKA_GROUP_ID", "a-new-group-" + TestNames.unique()))
                    .awaitReady(Duration.ofMinutes(1));
            // One registration behind the old ones on every partition: once these are counted, the
            // new group has read past everything it could have counted again.
            List<String> markers = oneNamePerPartition();
            Registrations.publish(harness.kafka(), harness.topics, markers, Sex.MALE, 1);
            Awaitility.await()
                    .atMost(Duration.ofMinutes(2))
                    .until(() -> Registrations.counted(harness.database, Sex.MALE, markers)
                                    .size()
                            == markers.size());

            Map<String, Long> counted = Registrations.counted(harness.database, Sex.MALE, names);
            System.out.printf("RankerGroupChangeIT: sent=%d counted=%d%n", PER_NAME * names.size(), total(counted));
            for (String name : names) {
                assertEquals(PER_NAME, counted.get(name), name);
            }
        }
    }

    private static List<String> names(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(TestNames.unique());
        }
        return names;
    }

    /** Names whose records land on each partition (Kafka's default partitioner: murmur2 of the key). */
    private static List<String> oneNamePerPartition() {
        List<String> markers = new ArrayList<>();
        Set<Integer> covered = new HashSet<>();
        while (covered.size() < PARTITIONS) {
            String name = TestNames.unique();
            byte[] key = (Sex.MALE.wireName() + ":" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (covered.add(Utils.toPositive(Utils.murmur2(key)) % PARTITIONS)) {
                markers.add(name);
            }
        }
        return markers;
    }

    private static long seenEventIds(RankerHarness harness) throws Exception {
        try (Connection c = DriverManager.getConnection(
                        harness.database.jdbcUrl(), harness.database.user(), harness.database.password());
                ResultSet count = c.createStatement().executeQuery("SELECT count(*) FROM seen_events")) {
            count.next();
            return count.getLong(1);
        }
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
