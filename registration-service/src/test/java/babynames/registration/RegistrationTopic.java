package babynames.registration;

import babynames.events.Topics;
import babynames.testsupport.BackingServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/** Reads {@code baby-registrations} from the start, for tests that check what was (not) published. */
final class RegistrationTopic {
    private RegistrationTopic() {}

    /** Every record on the topic, read until one keyed with {@code markerName} shows up. */
    static List<ConsumerRecord<String, byte[]>> readUpTo(String markerName) {
        return readUpTo(BackingServices.shared().kafkaBootstrapServers(), markerName);
    }

    static List<ConsumerRecord<String, byte[]>> readUpTo(String bootstrapServers, String markerName) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(
                Map.<String, Object>of("bootstrap.servers", bootstrapServers),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.BABY_REGISTRATIONS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.stream().anyMatch(r -> hasName(r, markerName));
            });
        }
        return records;
    }

    static List<ConsumerRecord<String, byte[]>> withName(List<ConsumerRecord<String, byte[]>> records, String name) {
        return records.stream().filter(r -> hasName(r, name)).toList();
    }

    private static boolean hasName(ConsumerRecord<String, byte[]> record, String name) {
        return record.key() != null && record.key().endsWith(":" + name);
    }
}
