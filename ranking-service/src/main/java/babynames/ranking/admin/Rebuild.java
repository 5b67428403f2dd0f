package babynames.ranking.admin;

import babynames.events.EventJson;
import babynames.events.KafkaConnection;
import babynames.events.Sex;
import babynames.events.TopicNames;
import babynames.events.TopicSetup;
import babynames.ranking.counting.IncomingRegistration;
import babynames.ranking.counting.LogPositions;
import babynames.ranking.counting.RegistrationDecoder;
import babynames.ranking.counting.Top10Recorder;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recounts everything from the start of {@code baby-registrations} into fresh tables, then swaps
 * them in. The live ranker may keep running: the swap locks the live tables (in the order the
 * ranker takes them, so the two never deadlock), counts what arrived since the recount began,
 * stores the positions the new tables count up to, and renames, all in one transaction; the
 * ranker's next batch then finds its positions moved and it goes on from the stored ones, so
 * nothing is counted twice or missed.
 */
@Singleton
final class Rebuild {
    private static final Logger LOG = LoggerFactory.getLogger(Rebuild.class);

    private final TransactionOperations<Connection> transactions;
    private final LogPositions positions;
    private final RegistrationDecoder decoder;
    private final Top10Recorder recorder;
    private final KafkaConnection kafka;
    private final int partitions;
    private final TopicNames topics;

    Rebuild(
            TransactionOperations<Connection> transactions,
            LogPositions positions,
            Top10Recorder recorder,
            JsonMapper mapper,
            KafkaConnection kafka,
            @Value("${babynames.kafka.registration-partitions}") int partitions,
            TopicNames topics) {
        this.transactions = transactions;
        this.positions = positions;
        this.topics = topics;
        this.decoder = new RegistrationDecoder(new EventJson(mapper));
        this.recorder = recorder;
        this.kafka = kafka;
        this.partitions = partitions;
    }

    /** What a rebuild did: the registrations the new tables count, and the partitions it could not read whole. */
    record Outcome(long counted, Map<TopicPartition, Long> incomplete) {}

    /** The topic no longer starts at offset 0 everywhere: a recount would silently count less. */
    static final class IncompleteLog extends Exception {
        IncompleteLog(Map<TopicPartition, Long> firstOffsets) {
            super("baby-registrations no longer starts at offset 0 on " + firstOffsets.size()
                    + " partition(s) (first offsets held: " + firstOffsets + "): Kafka's retention has deleted"
                    + " registrations the counts include, so a rebuild would count fewer. Nothing was changed;"
                    + " run 'rebuild --from-retained' to count only what Kafka still holds.");
        }
    }

    /**
     * Recounts into fresh tables and swaps them in. Refuses ({@link IncompleteLog}, nothing
     * changed) when Kafka no longer holds the start of a partition, unless {@code fromRetained}.
     * Safe to run again after a crash at any step: leftovers of an earlier run are dropped first,
     * and the swap is one transaction.
     */
    Outcome run(boolean fromRetained) throws SQLException, IncompleteLog {
        Map<String, Object> props = Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5000,
                // A segment deleted while the recount reads must stop it, not make it skip ahead.
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "none");
        try (var consumer =
                new KafkaConsumer<>(kafka.properties(props), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> assigned = TopicSetup.awaitPartitions(
                    consumer, kafka, topics, partitions, List.of(topics.registrations()), () -> true);
            consumer.assign(assigned);
            Map<TopicPartition, Long> incomplete = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
            consumer.beginningOffsets(assigned).forEach((partition, first) -> {
                if (first > 0) {
                    incomplete.put(partition, first);
                }
            });
            if (!incomplete.isEmpty() && !fromRetained) {
                throw new IncompleteLog(incomplete);
            }
            consumer.seekToBeginning(assigned);
            transactions.executeWrite(status -> {
                RebuildTables.dropLeftovers(status.getConnection());
                RebuildTables.createFresh(status.getConnection());
                return null;
            });
            // The long part, with no lock on the live tables: the ranker keeps counting meanwhile.
            long recounted = countUpToEnd(
                    consumer,
                    assigned,
                    batch -> transactions.executeWrite(status -> FreshCounts.count(status.getConnection(), batch)));
            LOG.info("Recounted {} registrations into fresh tables; swapping them in", recounted);
            long counted = recounted
                    + transactions.executeWrite(status -> {
                        Connection connection = status.getConnection();
                        try (Statement statement = connection.createStatement()) {
                            // In the order the ranker takes them (its position first), so the two never deadlock.
                            statement.execute(
                                    "LOCK TABLE registration_offsets, seen_events, name_counts IN ACCESS EXCLUSIVE MODE");
                        }
                        long caughtUp = countUpToEnd(consumer, assigned, batch -> FreshCounts.count(connection, batch));
                        storePositions(consumer, assigned);
                        RebuildTables.swap(connection);
                        String correlationId = "rebuild-" + UUID.randomUUID();
                        for (Sex sex : Sex.values()) {
                            recorder.recordIfChanged(sex, null, "rebuild", correlationId);
                        }
                        return caughtUp;
                    });
            return new Outcome(counted, incomplete);
        }
    }

    /**
     * The new tables count everything up to here: a live ranker, whose batch then finds its
     * partition's position moved, starts again from here instead of counting it a second time.
     */
    private void storePositions(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> assigned) {
        Map<TopicPartition, Long> counted = new HashMap<>();
        assigned.forEach(partition -> counted.put(partition, consumer.position(partition)));
        positions.store(counted);
    }

    /** Counts a batch of registrations into the fresh tables; returns how many were new to them. */
    @FunctionalInterface
    private interface BatchSink {
        long count(List<IncomingRegistration> batch) throws SQLException;
    }

    /**
     * Counts from the consumer's position at least up to the end offsets as they are now. Every
     * record polled is counted, even past those offsets, so the consumer's position is exactly
     * what the fresh tables hold.
     */
    private long countUpToEnd(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> assigned, BatchSink sink)
            throws SQLException {
        Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
        long counted = 0;
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            List<IncomingRegistration> batch = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                RegistrationDecoder.Decoded decoded = decoder.decode(record);
                if (decoded.registration() != null) {
                    batch.add(decoded.registration());
                }
            }
            counted += sink.count(batch);
        }
        return counted;
    }
}
