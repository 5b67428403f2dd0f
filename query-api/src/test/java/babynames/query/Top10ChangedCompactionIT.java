package babynames.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import babynames.events.KafkaConnection;
import babynames.events.TopicNames;
import babynames.events.TopicSetup;
import babynames.testsupport.BackingServices;
import babynames.testsupport.TestNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * query-api and stream-api read {@code top10-changed} from its beginning at every start, so what
 * that replay reads must not grow with uptime: with the topic's settings from {@link TopicSetup}
 * (only its segment time shrunk from ten minutes, as a test cannot wait that long), thousands of
 * changes compact down to a few records, and the latest version of each sex survives.
 */
class Top10ChangedCompactionIT {
    private static final int CHANGES = 3_000;

    private final String kafka = BackingServices.shared().kafkaBootstrapServers();
    private final TopicNames topics = TopicNames.withPrefix(TestNames.unique().toLowerCase(Locale.ROOT) + ".");

    @Test
    void aReplayFromTheBeginningStaysSmallAfterManyChanges() throws Exception {
        TopicSetup.ensureTopics(KafkaConnection.plaintext(kafka), topics, 1, Duration.ofSeconds(30));
        shrinkSegmentTime(Duration.ofMillis(200));

        try (var producer = new KafkaProducer<>(
                Map.<String, Object>of("bootstrap.servers", kafka, "acks", "all"),
                new StringSerializer(),
                new StringSerializer())) {
            for (int version = 1; version <= CHANGES; version++) {
                producer.send(record("male", version));
                producer.send(record("female", version));
            }
            producer.flush();
            // Segments roll when a record arrives after their time is up: keep changing (as a
            // running ranker does) until the cleaner has compacted what rolled.
            int[] version = {CHANGES};
            Awaitility.await()
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        version[0]++;
                        producer.send(record("male", version[0])).get(10, TimeUnit.SECONDS);
                        producer.send(record("female", version[0])).get(10, TimeUnit.SECONDS);
                        return replay().size() < 50;
                    });

            Map<String, String> latest = new HashMap<>();
            replay().forEach(r -> latest.put(r.key(), r.value()));
            assertEquals(Map.of("male", "v" + version[0], "female", "v" + version[0]), latest);
        }
    }

    @Test
    void aTopicCreatedBeforeTheseSettingsGetsThemAtTheNextStart() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka))) {
            admin.createTopics(List.of(new NewTopic(topics.top10Changed(), 1, (short) -1)
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all()
                    .get(30, TimeUnit.SECONDS);

            TopicSetup.ensureTopics(KafkaConnection.plaintext(kafka), topics, 1, Duration.ofSeconds(30));

            // The controller has committed the change when ensureTopics returns; the broker that
            // answers describeConfigs applies it from the metadata log a moment later.
            var resource = new ConfigResource(ConfigResource.Type.TOPIC, topics.top10Changed());
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                var config = admin.describeConfigs(List.of(resource))
                        .all()
                        .get(30, TimeUnit.SECONDS)
                        .get(resource);
                TopicSetup.TOP10_CHANGED_CONFIG.forEach(
                        (name, value) -> assertEquals(value, config.get(name).value(), name));
            });
        }
    }

    private ProducerRecord<String, String> record(String sex, int version) {
        return new ProducerRecord<>(topics.top10Changed(), sex, "v" + version);
    }

    /** Every record a reader gets from the beginning up to the end, as a starting query-api reads. */
    private List<ConsumerRecord<String, String>> replay() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topics.top10Changed(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private void shrinkSegmentTime(Duration segment) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka))) {
            var resource = new ConfigResource(ConfigResource.Type.TOPIC, topics.top10Changed());
            var op = new AlterConfigOp(
                    new ConfigEntry(TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(segment.toMillis())),
                    AlterConfigOp.OpType.SET);
            admin.incrementalAlterConfigs(Map.of(resource, List.of(op))).all().get(30, TimeUnit.SECONDS);
        }
    }
}
