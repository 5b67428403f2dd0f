package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.events.EventHeaders;
import babynames.events.Sex;
import babynames.testsupport.ServiceStack.Service;
import babynames.testsupport.TestNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Poison records go to the DLQ with their reason, and the registrations after them are still counted. */
class DeadLetterIT {
    @Test
    void poisonRecordsAreDeadLetteredAndTheFlowGoesOn() throws Exception {
        RankerHarness harness = new RankerHarness(Map.of());
        String tag = TestNames.unique();
        String valid = TestNames.unique();
        Map<String, String> poison = Map.of(
                "male:" + tag + "A", "not json at all",
                "male:" + tag + "B",
                        "{\"schemaVersion\":1,\"eventId\":\"6a1f0e7c-2b9d-4c8e-9f3a-1b2c3d4e5f60\",\"name\":\"R2D2\",\"sex\":\"male\",\"registeredAt\":\"2026-01-01T00:00:00Z\"}",
                "male:" + tag + "C", "{\"schemaVersion\":99}");
        try (var stack = harness.stack) {
            stack.start(Service.RANKING).awaitReady(Duration.ofMinutes(1));
            try (var producer = Registrations.producer(harness.kafka())) {
                for (var entry : poison.entrySet()) {
                    producer.send(new ProducerRecord<>(
                                    harness.topics.registrations(),
                                    entry.getKey(),
                                    entry.getValue().getBytes(StandardCharsets.UTF_8)))
                            .get();
                }
            }
            Registrations.publish(harness.kafka(), harness.topics, List.of(valid), Sex.MALE, 3);

            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> Registrations.counted(harness.database, Sex.MALE, List.of(valid))
                                    .getOrDefault(valid, 0L)
                            == 3);
            Map<String, String> reasons = deadLetterReasons(harness, tag, poison.size());
            assertEquals(poison.keySet(), reasons.keySet());
            reasons.values().forEach(reason -> assertTrue(!reason.isBlank()));
            assertTrue(reasons.get("male:" + tag + "B").contains("invalid name"), reasons.toString());
            assertTrue(reasons.get("male:" + tag + "C").contains("schemaVersion"), reasons.toString());
        }
    }

    private static Map<String, String> deadLetterReasons(RankerHarness harness, String tag, int expected) {
        Map<String, String> reasons = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(
                Map.<String, Object>of("bootstrap.servers", harness.kafka()),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(harness.topics.registrationsDlq())
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.key() != null && record.key().contains(tag)) {
                        reasons.put(
                                record.key(),
                                EventHeaders.text(record.headers(), EventHeaders.DLQ_REASON)
                                        .orElse(""));
                    }
                });
                return reasons.size() >= expected;
            });
        }
        return reasons;
    }
}
