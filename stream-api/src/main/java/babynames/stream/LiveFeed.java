package babynames.stream;

import babynames.events.EventJson;
import babynames.events.TopicNames;
import babynames.events.TopicSetup;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Kafka consumer of this instance: it reads both topics from their ends (live data only;
 * no consumer group, every instance sees everything) and hands each event to the {@link Broadcaster}.
 */
@Context
final class LiveFeed {
    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

    private final Broadcaster broadcaster;
    private final StreamEventMapper mapper;
    private final String bootstrapServers;
    private final int partitions;
    private final TopicNames topics;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean live;

    LiveFeed(
            Broadcaster broadcaster,
            JsonMapper jsonMapper,
            @Value("${babynames.kafka.bootstrap-servers}") String bootstrapServers,
            @Value("${babynames.kafka.registration-partitions}") int partitions,
            TopicNames topics) {
        this.broadcaster = broadcaster;
        this.topics = topics;
        this.mapper = new StreamEventMapper(new EventJson(jsonMapper), topics);
        this.bootstrapServers = bootstrapServers;
        this.partitions = partitions;
        this.thread = new Thread(this::run, "live-feed");
        this.thread.start();
    }

    boolean live() {
        return live;
    }

    private void run() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> assigned = TopicSetup.awaitPartitions(
                    consumer,
                    bootstrapServers,
                    topics,
                    partitions,
                    List.of(topics.registrations(), topics.top10Changed()),
                    () -> running);
            if (assigned.isEmpty()) {
                return;
            }
            consumer.assign(assigned);
            consumer.seekToEnd(assigned);
            assigned.forEach(consumer::position);
            live = true;
            LOG.info("Live feed reading {} partitions", assigned.size());
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    mapper.map(record).ifPresent(broadcaster::publish);
                }
            }
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
