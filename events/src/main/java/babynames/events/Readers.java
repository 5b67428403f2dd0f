package babynames.events;

import java.util.Map;
import java.util.Properties;
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
    public static KafkaConsumer<String, byte[]> assignOnly(String bootstrapServers) {
        return assignOnly(bootstrapServers, Map.of());
    }

    /** The same, with some settings of the caller's own. */
    public static KafkaConsumer<String, byte[]> assignOnly(String bootstrapServers, Map<String, Object> settings) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        props.putAll(settings);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
