package babynames.stream;

import babynames.events.Readers;
import babynames.events.TopicNames;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays what a resuming client missed: a short-lived consumer reads every partition from the
 * client's cursor up to the live cursor it joined at, then the client continues with the live
 * events held back meanwhile. At most {@code babynames.stream.max-replays} run at once; the rest
 * wait their turn (their live events wait in their own bounded buffers).
 */
@Singleton
final class Replayer {
    private static final Logger LOG = LoggerFactory.getLogger(Replayer.class);
    private static final Duration QUEUE_WAIT = Duration.ofSeconds(10);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);

    private final ExecutorService pool;
    private final StreamEventMapper mapper;
    private final StreamMetrics metrics;
    private final TopicNames topics;
    private final String bootstrapServers;
    private final Duration maxDuration;

    Replayer(
            @Value("${babynames.stream.max-replays}") int maxReplays,
            @Value("${babynames.stream.max-replay-duration}") Duration maxDuration,
            @Value("${babynames.kafka.bootstrap-servers}") String bootstrapServers,
            StreamEventMapper mapper,
            StreamMetrics metrics,
            TopicNames topics) {
        this.pool = Executors.newFixedThreadPool(maxReplays, DaemonThreads.named("stream-replay"));
        this.maxDuration = maxDuration;
        this.mapper = mapper;
        this.metrics = metrics;
        this.topics = topics;
        this.bootstrapServers = bootstrapServers;
    }

    void replay(ClientStream client, StreamCursor from, StreamCursor live) {
        pool.execute(() -> {
            try {
                run(client, from, live);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                client.finish(Broadcaster.RECONNECT);
            } catch (RuntimeException e) {
                LOG.warn("Replay from {} failed: {}", from, e.toString());
                client.finish(Broadcaster.RECONNECT);
            }
        });
    }

    private void run(ClientStream client, StreamCursor from, StreamCursor live) throws InterruptedException {
        if (client.isClosed()) {
            return;
        }
        try (KafkaConsumer<String, byte[]> consumer = Readers.assignOnly(bootstrapServers)) {
            List<TopicPartition> partitions = partitionsOf(live);
            Map<TopicPartition, Long> first = consumer.beginningOffsets(partitions, KAFKA_TIMEOUT);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, KAFKA_TIMEOUT);
            Map<TopicPartition, Long> until = new HashMap<>();
            for (TopicPartition partition : partitions) {
                Feed feed = mapper.feedOf(partition.topic());
                long wanted = from.next(feed, partition.partition());
                if (wanted < first.get(partition) || wanted > end.get(partition)) {
                    metrics.gap();
                    client.gap("the position is no longer in Kafka; continuing with live events", live);
                    return;
                }
                long stop = live.next(feed, partition.partition());
                if (wanted < stop) {
                    until.put(partition, stop);
                }
            }
            metrics.replayed();
            consumer.assign(until.keySet());
            until.forEach((partition, stop) ->
                    consumer.seek(partition, from.next(mapper.feedOf(partition.topic()), partition.partition())));
            StreamCursor cursor = from;
            long deadline = System.nanoTime() + maxDuration.toNanos();
            while (!until.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("replay took longer than " + maxDuration);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    Long stop = until.get(new TopicPartition(record.topic(), record.partition()));
                    if (stop == null || record.offset() >= stop) {
                        continue;
                    }
                    cursor = cursor.after(mapper.feedOf(record.topic()), record.partition(), record.offset());
                    Optional<StreamEvent> event = mapper.map(record, cursor);
                    if (event.isPresent() && !client.offerReplayed(event.get(), QUEUE_WAIT)) {
                        return;
                    }
                }
                List<TopicPartition> done = new ArrayList<>();
                until.forEach((partition, stop) -> {
                    if (consumer.position(partition) >= stop) {
                        done.add(partition);
                    }
                });
                done.forEach(until::remove);
                consumer.pause(done);
            }
            client.endReplay(cursor.max(live));
        }
    }

    private List<TopicPartition> partitionsOf(StreamCursor live) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (Feed feed : Feed.values()) {
            for (int p = 0; p < live.partitions(feed); p++) {
                partitions.add(new TopicPartition(feed.topic(topics), p));
            }
        }
        return partitions;
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
