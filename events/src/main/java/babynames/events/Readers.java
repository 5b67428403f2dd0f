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
        // fetch.max.wait.ms stays Kafka's 500 ms: the broker answers a waiting fetch as soon as a
        // commit makes records readable, so a shorter wait buys no freshness. With 10 ms an idle
        // local stack used 0.4 of a core for empty fetches (12.1 CPU-s in 30 s against 3.2), and
        // its freshness under load was the same.
        own.putAll(settings);
        return new KafkaConsumer<>(kafka.properties(own), new StringDeserializer(), new ByteArrayDeserializer());
    }
}
