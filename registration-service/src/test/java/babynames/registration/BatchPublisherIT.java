package babynames.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import babynames.events.BabyRegistered;
import babynames.events.KafkaConnection;
import babynames.events.Readers;
import babynames.events.Sex;
import babynames.events.TopicNames;
import babynames.events.TopicSetup;
import babynames.support.tracing.MessageTracing;
import babynames.testsupport.BackingServices;
import babynames.testsupport.TestNames;
import io.micronaut.json.JsonMapper;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** POST /babies' publishing against a real broker: a batch is all or none for a read_committed reader. */
class BatchPublisherIT {
    private static final String BOOTSTRAP = BackingServices.shared().kafkaBootstrapServers();

    @Test
    void aBatchThatFailsHalfWayLeavesNothingVisibleAndTheNextBatchIsWhole() throws Exception {
        TopicNames topics = TopicNames.withPrefix(TestNames.unique().toLowerCase() + ".");
        TopicSetup.ensureTopics(KafkaConnection.plaintext(BOOTSTRAP), topics, 3, Duration.ofSeconds(30));
        // Any record over 2 KB fails: the batch's middle one is made that large.
        BatchPublisher publisher = new BatchPublisher(
                KafkaConnection.plaintext(BOOTSTRAP),
                Duration.ofSeconds(10),
                JsonMapper.createDefault(),
                topics,
                new MessageTracing(OpenTelemetry.noop()),
                Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2048));
        try {
            List<BabyRegistered> failing = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                failing.add(event(i == 5 ? "X".repeat(4096) : TestNames.unique()));
            }
            assertThrows(RuntimeException.class, () -> publisher.publish(failing, "it"));

            List<BabyRegistered> whole = List.of(event(TestNames.unique()), event(TestNames.unique()));
            publisher.publish(whole, "it");

            List<String> visible = committedNames(topics);
            assertEquals(
                    whole.stream().map(BabyRegistered::name).toList().stream()
                            .sorted()
                            .toList(),
                    visible.stream().sorted().toList(),
                    "only the committed batch is visible to a read_committed reader");
        } finally {
            publisher.close();
        }
    }

    private static BabyRegistered event(String name) {
        return BabyRegistered.of(UUID.randomUUID(), name, Sex.FEMALE, Instant.now());
    }

    private static List<String> committedNames(TopicNames topics) {
        List<String> names = new ArrayList<>();
        try (var consumer = Readers.assignOnly(KafkaConnection.plaintext(BOOTSTRAP))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.registrations()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("did not read to the end of " + topics.registrations());
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String json = new String(record.value(), StandardCharsets.UTF_8);
                    int at = json.indexOf("\"name\":\"") + 8;
                    names.add(json.substring(at, json.indexOf('"', at)));
                }
            }
        }
        return names;
    }
}
