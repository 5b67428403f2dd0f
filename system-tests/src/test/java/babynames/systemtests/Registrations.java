package babynames.systemtests;

import babynames.embedded.Database;
import babynames.events.BabyRegistered;
import babynames.events.EventHeaders;
import babynames.events.EventJson;
import babynames.events.KafkaConnection;
import babynames.events.Sex;
import babynames.events.TopicNames;
import babynames.events.TopicSetup;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/** Writes registrations straight to Kafka, and reads what the ranker counted, for the books of a test. */
final class Registrations {
    private Registrations() {}

    /** Publishes {@code perName} registrations of each name (all one sex), interleaved; returns them. */
    static List<BabyRegistered> publish(
            String bootstrapServers, TopicNames topics, List<String> names, Sex sex, int perName) throws Exception {
        TopicSetup.ensureTopics(KafkaConnection.plaintext(bootstrapServers), topics, 3, Duration.ofSeconds(30));
        EventJson json = EventJson.createDefault();
        List<BabyRegistered> events = new ArrayList<>();
        for (int i = 0; i < perName; i++) {
            for (String name : names) {
                events.add(BabyRegistered.of(UUID.randomUUID(), name, sex, Instant.now()));
            }
        }
        try (var producer = producer(bootstrapServers)) {
            // A topic just created may not have its leaders yet; a send then can get
            // NOT_LEADER_OR_FOLLOWER and, once, left the idempotent producer out of sequence for good.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> producer.partitionsFor(topics.registrations()).stream()
                            .allMatch(partition -> partition.leader() != null
                                    && !partition.leader().isEmpty()));
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (BabyRegistered event : events) {
                var record = new ProducerRecord<>(topics.registrations(), event.key(), json.write(event));
                record.headers().add(EventHeaders.CORRELATION_ID, EventHeaders.bytes("system-test"));
                acks.add(producer.send(record));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        }
        return events;
    }

    static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
        return new KafkaProducer<>(
                Map.<String, Object>of(
                        "bootstrap.servers", bootstrapServers, "acks", "all", "linger.ms", 5, "max.block.ms", 10_000),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    /** The counts the ranker holds for these names (absent when never counted). */
    static Map<String, Long> counted(Database database, Sex sex, List<String> names) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
                PreparedStatement query =
                        c.prepareStatement("SELECT name, count FROM name_counts WHERE sex = ? AND name = ANY (?)")) {
            query.setString(1, sex.wireName());
            query.setArray(2, c.createArrayOf("text", names.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return counts; // The ranker has not created its tables yet.
            }
            throw e;
        }
        return counts;
    }
}
