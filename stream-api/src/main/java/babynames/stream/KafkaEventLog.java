package babynames.stream;

import babynames.events.KafkaConnection;
import babynames.events.Readers;
import babynames.events.TopicNames;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;

/**
 * Replays read Kafka with a short-lived consumer of their own, assigned only the partitions the
 * client is behind on. Its {@code auto.offset.reset} is {@code none}: a position that retention
 * has deleted (before the read or during it) is an error the client hears about as a {@code gap},
 * never a silent jump to the end of the log.
 */
@Singleton
final class KafkaEventLog implements EventLog {
    private static final Duration POLL = Duration.ofMillis(100);

    private final StreamEventMapper mapper;
    private final TopicNames topics;
    private final KafkaConnection kafka;
    private final Map<String, Object> settings;

    @Inject
    KafkaEventLog(KafkaConnection kafka, StreamEventMapper mapper, TopicNames topics) {
        this(kafka, mapper, topics, Map.of());
    }

    /** With extra consumer settings (tests make fetches small to delete records between them). */
    KafkaEventLog(KafkaConnection kafka, StreamEventMapper mapper, TopicNames topics, Map<String, Object> overrides) {
        this.kafka = kafka;
        this.mapper = mapper;
        this.topics = topics;
        this.settings = new HashMap<>(overrides);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    }

    @Override
    public StreamCursor read(StreamCursor from, StreamCursor until, long deadlineNanos, Sink sink)
            throws InterruptedException, PositionGone {
        Map<TopicPartition, Long> stops = new HashMap<>();
        for (Feed feed : Feed.values()) {
            for (int p = 0; p < until.partitions(feed); p++) {
                if (from.next(feed, p) < until.next(feed, p)) {
                    stops.put(new TopicPartition(feed.topic(topics), p), until.next(feed, p));
                }
            }
        }
        StreamCursor cursor = from;
        if (stops.isEmpty()) {
            return cursor;
        }
        try (KafkaConsumer<String, byte[]> consumer = Readers.assignOnly(kafka, settings)) {
            consumer.assign(stops.keySet());
            stops.keySet()
                    .forEach(
                            partition -> consumer.seek(partition, from.next(feedOf(partition), partition.partition())));
            while (!stops.isEmpty()) {
                if (System.nanoTime() > deadlineNanos) {
                    throw new TookTooLong("the replay was still reading at its deadline, at " + cursor);
                }
                for (ConsumerRecord<String, byte[]> record : poll(consumer)) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    Long stop = stops.get(partition);
                    if (stop == null || record.offset() >= stop) {
                        continue;
                    }
                    cursor = cursor.after(feedOf(partition), record.partition(), record.offset());
                    Optional<StreamEvent> event = mapper.map(record, cursor);
                    if (event.isPresent() && !sink.accept(event.get())) {
                        return cursor;
                    }
                }
                List<TopicPartition> done = stops.entrySet().stream()
                        .filter(stop -> consumer.position(stop.getKey()) >= stop.getValue())
                        .map(Map.Entry::getKey)
                        .toList();
                done.forEach(stops::remove);
                consumer.pause(done);
            }
        }
        return cursor;
    }

    private static Iterable<ConsumerRecord<String, byte[]>> poll(KafkaConsumer<String, byte[]> consumer)
            throws PositionGone {
        try {
            return consumer.poll(POLL);
        } catch (OffsetOutOfRangeException e) {
            throw new PositionGone("Kafka no longer has " + e.offsetOutOfRangePartitions());
        }
    }

    private Feed feedOf(TopicPartition partition) {
        return mapper.feedOf(partition.topic());
    }
}
