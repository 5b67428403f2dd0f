package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.events.Sex;
import babynames.localstack.ServiceStack.Service;
import babynames.testsupport.TestNames;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * ranking-service's {@code rebuild}: it cannot lie (it refuses when Kafka no longer holds the start
 * of the topic), cannot wedge (a crashed run's tables are cleaned up by the next), and counts each
 * registration once while the ranker keeps counting under load.
 */
class RebuildIT {
    private static final Duration SETTLE = Duration.ofMinutes(1);

    @Test
    void refusesWhenKafkaNoLongerHoldsTheStartOfTheTopicUnlessToldToCountWhatIsLeft() throws Exception {
        RankerHarness harness = new RankerHarness(Map.of());
        List<String> names = names(3);
        try (var stack = harness.stack) {
            stack.start(Service.RANKING).awaitReady(SETTLE);
            Registrations.publish(harness.kafka(), harness.topics, names, Sex.MALE, 20);
            awaitCounted(harness, names, 20);
            Map<String, String> live = harness.allCounts();
            long deleted = deleteFirstRecords(harness, 5);

            assertEquals(3, stack.rankingAdmin(List.of("rebuild")));
            assertTrue(harness.log.stream().anyMatch(line -> line.contains("no longer starts at offset 0")));
            assertEquals(live, harness.allCounts(), "a refused rebuild changes nothing");

            assertEquals(0, stack.rankingAdmin(List.of("rebuild", "--from-retained")));
            assertTrue(harness.log.stream().anyMatch(line -> line.contains("partition(s) incomplete")));
            assertEquals(60 - deleted, total(Registrations.counted(harness.database, Sex.MALE, names)));
        }
    }

    @Test
    void runsAgainAfterACrashedRunLeftItsTablesBehindAndKeepsTheIndexNamesFlywayGave() throws Exception {
        RankerHarness harness = new RankerHarness(Map.of());
        List<String> names = names(3);
        try (var stack = harness.stack) {
            stack.start(Service.RANKING).awaitReady(SETTLE);
            Registrations.publish(harness.kafka(), harness.topics, names, Sex.FEMALE, 10);
            awaitCounted(harness, names, 10, Sex.FEMALE);
            Map<String, String> live = harness.allCounts();
            Set<String> indexesBefore = indexes(harness);
            execute(harness, "CREATE TABLE name_counts_rebuild (leftover int)");
            execute(harness, "CREATE TABLE seen_events_old (leftover int)");

            assertEquals(0, stack.rankingAdmin(List.of("rebuild")));

            assertEquals(live, harness.allCounts());
            assertEquals(indexesBefore, indexes(harness));
            assertEquals(Set.of(), leftoverTables(harness));
        }
    }

    @Test
    void countsEveryRegistrationOnceWhileTheRankerCountsUnderLoad() throws Exception {
        RankerHarness harness = new RankerHarness(Map.of("KAFKA_MAX_POLL_RECORDS", "50"));
        List<String> names = names(4);
        int rounds = 30;
        int perRound = 10;
        try (var stack = harness.stack) {
            stack.start(Service.RANKING).awaitReady(SETTLE);
            Registrations.publish(harness.kafka(), harness.topics, names, Sex.MALE, perRound);
            CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
                for (int i = 1; i < rounds; i++) {
                    try {
                        Registrations.publish(harness.kafka(), harness.topics, names, Sex.MALE, perRound);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });

            assertEquals(0, stack.rankingAdmin(List.of("rebuild")));
            load.get(2, TimeUnit.MINUTES);

            awaitCounted(harness, names, rounds * perRound);
            Map<String, Long> counted = Registrations.counted(harness.database, Sex.MALE, names);
            System.out.println("RebuildIT under load: " + counted);
            for (String name : names) {
                assertEquals(rounds * perRound, counted.get(name), name);
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

    private static void awaitCounted(RankerHarness harness, List<String> names, long each) {
        awaitCounted(harness, names, each, Sex.MALE);
    }

    private static void awaitCounted(RankerHarness harness, List<String> names, long each, Sex sex) {
        Awaitility.await()
                .atMost(Duration.ofMinutes(2))
                .until(() -> total(Registrations.counted(harness.database, sex, names)) >= each * names.size());
    }

    /** Deletes up to {@code n} records from the start of every partition (as retention would); returns how many. */
    private static long deleteFirstRecords(RankerHarness harness, long n) throws Exception {
        Map<TopicPartition, RecordsToDelete> toDelete = new HashMap<>();
        long deleted = 0;
        try (var consumer = new KafkaConsumer<>(
                        Map.<String, Object>of("bootstrap.servers", harness.kafka()),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
                Admin admin = Admin.create(Map.of("bootstrap.servers", harness.kafka()))) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(harness.topics.registrations())
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            for (var end : consumer.endOffsets(partitions).entrySet()) {
                long before = Math.min(n, end.getValue());
                if (before > 0) {
                    toDelete.put(end.getKey(), RecordsToDelete.beforeOffset(before));
                    deleted += before;
                }
            }
            admin.deleteRecords(toDelete).all().get(30, TimeUnit.SECONDS);
        }
        return deleted;
    }

    private static Set<String> indexes(RankerHarness harness) throws Exception {
        return strings(harness, "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()");
    }

    private static Set<String> leftoverTables(RankerHarness harness) throws Exception {
        return strings(
                harness,
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                        + " AND (tablename LIKE '%\\_rebuild' OR tablename LIKE '%\\_old')");
    }

    private static Set<String> strings(RankerHarness harness, String query) throws Exception {
        Set<String> values = new TreeSet<>();
        try (Connection c = connect(harness);
                ResultSet rows = c.createStatement().executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static void execute(RankerHarness harness, String sql) throws Exception {
        try (Connection c = connect(harness)) {
            c.createStatement().execute(sql);
        }
    }

    private static Connection connect(RankerHarness harness) throws Exception {
        return DriverManager.getConnection(
                harness.database.jdbcUrl(), harness.database.user(), harness.database.password());
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
