package babynames.stream;

import babynames.events.EventHeaders;
import babynames.events.KafkaConnection;
import babynames.events.Readers;
import babynames.events.TopicNames;
import babynames.events.TopicSetup;
import babynames.support.BackgroundLoops;
import babynames.support.Trail;
import babynames.support.tracing.MessageTracing;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Kafka consumer of this instance (no consumer group: every instance sees everything). It
 * reads registrations from their end and the compacted top-10 topic from its beginning (so the
 * latest top 10s are known before the first client joins), keeps the stream cursor, and hands
 * each event to the {@link Broadcaster}.
 */
@Context
final class LiveFeed {
    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
    private static final Duration START_RETRY = Duration.ofSeconds(1);
    private static final AttributeKey<Long> STREAMS = AttributeKey.longKey("babynames.stream.clients");

    private final Broadcaster broadcaster;
    private final StreamEventMapper mapper;
    private final KafkaConnection kafka;
    private final int partitions;
    private final TopicNames topics;
    private final MessageTracing tracing;
    private final BackgroundLoops.Loop loop;
    private volatile boolean running = true;
    private volatile boolean live;

    LiveFeed(
            Broadcaster broadcaster,
            StreamEventMapper mapper,
            KafkaConnection kafka,
            @Value("${babynames.kafka.registration-partitions}") int partitions,
            TopicNames topics,
            BackgroundLoops loops,
            MessageTracing tracing) {
        this.tracing = tracing;
        this.broadcaster = broadcaster;
        this.topics = topics;
        this.mapper = mapper;
        this.kafka = kafka;
        this.partitions = partitions;
        this.loop = loops.start("live-feed", this::run, () -> running = false);
    }

    boolean live() {
        return live;
    }

    /**
     * Hands the event to every stream. Once live, inside a span continuing the trace of the span
     * that sent the record (the records read up to then are history, not deliveries).
     */
    private void publish(StreamEvent event, ConsumerRecord<String, byte[]> record) {
        if (!live) {
            broadcaster.publish(event);
            return;
        }
        tracing.process("deliver", record, () -> {
            broadcaster.publish(event);
            Span.current().setAttribute(STREAMS, broadcaster.clientCount());
        });
    }

    /**
     * Follows the topics until stopped. Until the feed is live, a Kafka that does not answer (it
     * may be starting too) is waited for; once clients rely on the feed, a failure ends the loop and
     * turns liveness DOWN.
     */
    private void run() {
        while (running) {
            try {
                follow();
                return;
            } catch (KafkaException e) {
                if (live) {
                    throw e;
                }
                LOG.warn("Live feed could not start ({}); trying again in {}", e.toString(), START_RETRY);
                try {
                    Thread.sleep(START_RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void follow() {
        try (KafkaConsumer<String, byte[]> consumer = Readers.assignOnly(kafka)) {
            List<TopicPartition> assigned = TopicSetup.awaitPartitions(
                    consumer,
                    kafka,
                    topics,
                    partitions,
                    List.of(topics.registrations(), topics.top10Changed()),
                    () -> running);
            if (assigned.isEmpty()) {
                return;
            }
            List<TopicPartition> registrations = partitionsOf(assigned, Feed.REGISTRATIONS);
            List<TopicPartition> top10 = partitionsOf(assigned, Feed.TOP10);
            consumer.assign(assigned);
            consumer.seekToEnd(registrations);
            consumer.seekToBeginning(top10);
            Map<TopicPartition, Long> top10End = consumer.endOffsets(top10);
            StreamCursor cursor = StreamCursor.of(positions(consumer, registrations), positions(consumer, top10));
            broadcaster.moveTo(cursor);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Feed feed = mapper.feedOf(record.topic());
                    cursor = cursor.after(feed, record.partition(), record.offset());
                    if (broadcaster.skipUnwatched(feed, cursor)) {
                        trail(record, StreamEvent.BABY, cursor, 0);
                        continue;
                    }
                    var event = mapper.map(record, cursor);
                    if (event.isPresent()) {
                        publish(event.get(), record);
                        trail(record, event.get().type(), cursor, broadcaster.clientCount());
                    } else {
                        broadcaster.moveTo(cursor);
                    }
                }
                if (!live
                        && top10End.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    broadcaster.openToClients();
                    live = true;
                    LOG.info("Live feed at {}", cursor);
                }
            }
        }
    }

    private static void trail(ConsumerRecord<String, byte[]> record, String type, StreamCursor cursor, int clients) {
        if (Trail.enabled()) {
            Trail.log(
                    EventHeaders.text(record.headers(), EventHeaders.CORRELATION_ID)
                            .orElse(null),
                    "streamed {} event {} to {} clients",
                    type,
                    cursor,
                    clients);
        }
    }

    private List<TopicPartition> partitionsOf(List<TopicPartition> assigned, Feed feed) {
        return assigned.stream()
                .filter(partition -> mapper.feedOf(partition.topic()) == feed)
                .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
                .toList();
    }

    /** Next offsets by partition number (partitions are numbered 0 to n-1). */
    private static long[] positions(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions) {
        long[] next = new long[partitions.size()];
        for (TopicPartition partition : partitions) {
            next[partition.partition()] = consumer.position(partition);
        }
        return next;
    }

    @PreDestroy
    void stop() throws InterruptedException {
        loop.stop(Duration.ofSeconds(10));
    }
}
