package babynames.events;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Consumers that read topics by assigning partitions themselves: no consumer group, no committed
 * offsets. The read models and the stream feed keep their own positions.
 */
public final class Readers {
    private Readers() {}

    /** A consumer of committed records only, for the caller to {@code assign} and {@code seek}. */
    public static KafkaConsumer<String, byte[]> assignOnly(KafkaConnection kafka) {
        return assignOnly(kafka, Map.of());
    }

    /** The same, with some settings of the caller's own. */
    public static KafkaConsumer<String, byte[]> assignOnly(KafkaConnection kafka, Map<String, Object> settings) {
        Map<String, Object> own = new HashMap<>();
        own.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        own.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        own.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        own.putAll(settings);
        return new KafkaConsumer<>(kafka.properties(own), new StringDeserializer(), new ByteArrayDeserializer());
    }
}
