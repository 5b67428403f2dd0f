package babynames.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import babynames.events.BabyRegistered;
import babynames.events.EventJson;
import babynames.events.KafkaConnection;
import babynames.events.Sex;
import babynames.events.TopicNames;
import babynames.events.TopicSetup;
import babynames.testsupport.BackingServices;
import babynames.testsupport.TestNames;
import io.micronaut.json.JsonMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** A replay's reads against a real broker, down to retention deleting records while it reads. */
class KafkaEventLogIT {
    private static final String BOOTSTRAP = BackingServices.shared().kafkaBootstrapServers();
    private static final EventJson JSON = EventJson.createDefault();
    private static final int RECORDS = 20;
    private static final long NEVER = Long.MAX_VALUE;

    @Test
    void readsEveryRecordInTheRangeWithTheCursorAfterEach() throws Exception {
        TopicNames topics = topicsWithRecords();
        KafkaEventLog log = new KafkaEventLog(KafkaConnection.plaintext(BOOTSTRAP), mapper(topics), topics, Map.of());
        StreamCursor from = cursor(3);
        List<StreamEvent> read = new ArrayList<>();

        StreamCursor reached = log.read(
                from,
                cursor(RECORDS),
                System.nanoTime() + Duration.ofSeconds(30).toNanos(),
                event -> {
                    read.add(event);
                    return true;
                });

        assertEquals(RECORDS - 3, read.size());
        assertEquals(cursor(4), read.get(0).cursor());
        assertEquals(cursor(RECORDS), reached);
    }

    @Test
    void recordsDeletedWhileTheReplayReadsAreAGoneNotAJumpToTheEnd() throws Exception {
        TopicNames topics = topicsWithRecords();
        // One record batch per fetch: the replay goes back to the broker between records.
        KafkaEventLog log = new KafkaEventLog(
                KafkaConnection.plaintext(BOOTSTRAP),
                mapper(topics),
                topics,
                Map.of(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1, ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 1));
        List<StreamEvent> read = new ArrayList<>();

        assertThrows(
                EventLog.PositionGone.class,
                () -> log.read(cursor(0), cursor(RECORDS), NEVER, event -> {
                    if (read.isEmpty()) {
                        deleteBefore(topics, 15);
                    }
                    read.add(event);
                    return true;
                }));
        org.junit.jupiter.api.Assertions.assertTrue(read.size() < 15, "read past the deleted records: " + read.size());
    }

    private static TopicNames topicsWithRecords() throws Exception {
        TopicNames topics = TopicNames.withPrefix(TestNames.unique().toLowerCase() + ".");
        TopicSetup.ensureTopics(KafkaConnection.plaintext(BOOTSTRAP), topics, 1, Duration.ofSeconds(30));
        try (var producer = new KafkaProducer<>(
                Map.<String, Object>of("bootstrap.servers", BOOTSTRAP, "linger.ms", 0),
                new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                var event = BabyRegistered.of(UUID.randomUUID(), TestNames.unique(), Sex.FEMALE, Instant.now());
                // One at a time: each record is a batch of its own.
                producer.send(new ProducerRecord<>(topics.registrations(), 0, event.key(), JSON.write(event)))
                        .get();
            }
        }
        return topics;
    }

    private static void deleteBefore(TopicNames topics, long offset) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            admin.deleteRecords(
                            Map.of(new TopicPartition(topics.registrations(), 0), RecordsToDelete.beforeOffset(offset)))
                    .all()
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static StreamCursor cursor(long registrations) {
        return StreamCursor.of(new long[] {registrations}, new long[1]);
    }

    private static StreamEventMapper mapper(TopicNames topics) {
        return new StreamEventMapper(JsonMapper.createDefault(), topics);
    }
}
