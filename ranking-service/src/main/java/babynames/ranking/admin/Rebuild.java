package babynames.ranking.admin;

import babynames.events.EventJson;
import babynames.events.Sex;
import babynames.events.TopicNames;
import babynames.events.TopicSetup;
import babynames.ranking.counting.CountStatements;
import babynames.ranking.counting.IncomingRegistration;
import babynames.ranking.counting.RegistrationDecoder;
import babynames.ranking.counting.Top10Recorder;
import babynames.ranking.outbox.OutboxWriter;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
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
 * ranker takes them, so the two never deadlock), counts what arrived since the recount began, and
 * renames, all in one transaction; the ranker then goes on against the new tables, whose seen ids
 * include everything up to that moment, so nothing is counted twice or missed.
 */
@Singleton
final class Rebuild {
    private static final Logger LOG = LoggerFactory.getLogger(Rebuild.class);
    private static final CountStatements FRESH = new CountStatements("seen_events_rebuild", "name_counts_rebuild");

    private final DataSource dataSource;
    private final RegistrationDecoder decoder;
    private final Top10Recorder recorder;
    private final String bootstrapServers;
    private final int partitions;
    private final TopicNames topics;

    Rebuild(
            DataSource dataSource,
            JsonMapper mapper,
            OutboxWriter outbox,
            @Value("${babynames.kafka.bootstrap-servers}") String bootstrapServers,
            @Value("${babynames.kafka.registration-partitions}") int partitions,
            TopicNames topics) {
        this.dataSource = dataSource;
        this.topics = topics;
        EventJson json = new EventJson(mapper);
        this.decoder = new RegistrationDecoder(json);
        this.recorder = new Top10Recorder(json, outbox, Clock.systemUTC(), topics);
        this.bootstrapServers = bootstrapServers;
        this.partitions = partitions;
    }

    /** Returns how many registrations the new tables count. */
    long run() throws SQLException {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
                Connection connection = dataSource.getConnection()) {
            List<TopicPartition> assigned = TopicSetup.awaitPartitions(
                    consumer, bootstrapServers, topics, partitions, List.of(topics.registrations()), () -> true);
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            createFreshTables(connection);
            long counted = countUpToEnd(consumer, connection, assigned);
            LOG.info("Recounted {} registrations into fresh tables; swapping them in", counted);

            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("LOCK TABLE seen_events, name_counts IN ACCESS EXCLUSIVE MODE");
                counted += countUpToEnd(consumer, connection, assigned);
                statement.execute("ALTER TABLE seen_events RENAME TO seen_events_old");
                statement.execute("ALTER TABLE name_counts RENAME TO name_counts_old");
                statement.execute("ALTER TABLE seen_events_rebuild RENAME TO seen_events");
                statement.execute("ALTER TABLE name_counts_rebuild RENAME TO name_counts");
                String correlationId = "rebuild-" + UUID.randomUUID();
                for (Sex sex : Sex.values()) {
                    recorder.recordIfChanged(connection, sex, null, "rebuild", correlationId);
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE seen_events_old, name_counts_old");
            }
            return counted;
        }
    }

    private static void createFreshTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS seen_events_rebuild, name_counts_rebuild");
            statement.execute("CREATE TABLE seen_events_rebuild (LIKE seen_events INCLUDING ALL)");
            statement.execute("CREATE TABLE name_counts_rebuild (LIKE name_counts INCLUDING ALL)");
            // The ONS baseline is not in the topic: carry it over.
            statement.execute("INSERT INTO name_counts_rebuild (sex, name, baseline)"
                    + " SELECT sex, name, baseline FROM name_counts WHERE baseline <> 0");
        }
    }

    /** Counts from the consumer's position up to the end offsets as they are now. */
    private long countUpToEnd(
            KafkaConsumer<String, byte[]> consumer, Connection connection, List<TopicPartition> assigned)
            throws SQLException {
        Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
        long counted = 0;
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            List<IncomingRegistration> batch = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                    continue;
                }
                RegistrationDecoder.Decoded decoded = decoder.decode(record);
                if (decoded.registration() != null) {
                    batch.add(decoded.registration());
                }
            }
            if (!batch.isEmpty()) {
                var fresh = FRESH.markSeen(connection, batch);
                List<IncomingRegistration> toCount = new ArrayList<>();
                for (IncomingRegistration registration : batch) {
                    if (fresh.remove(registration.event().eventId())) {
                        toCount.add(registration);
                    }
                }
                FRESH.addCounts(connection, toCount);
                counted += toCount.size();
            }
        }
        return counted;
    }
}
