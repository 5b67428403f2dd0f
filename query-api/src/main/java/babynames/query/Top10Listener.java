package babynames.query;

import babynames.events.EventHeaders;
import babynames.events.EventJson;
import babynames.events.KafkaConnection;
import babynames.events.Readers;
import babynames.events.Top10Changed;
import babynames.events.TopicNames;
import babynames.events.TopicSetup;
import babynames.support.BackgroundLoops;
import babynames.support.Trail;
import babynames.support.tracing.MessageTracing;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the read model: reads the compacted {@code top10-changed} from the beginning on every
 * start (no consumer group, no committed offsets: the topic is the state), and is caught up once
 * it has read up to the end offsets it saw when it started. Once caught up, applying a change is
 * a span in the trace of the relay's send of it (the records read until then are history).
 */
@Context
final class Top10Listener {
    private static final Logger LOG = LoggerFactory.getLogger(Top10Listener.class);
    private static final AttributeKey<Long> VERSION = AttributeKey.longKey("babynames.top10.version");
    private static final AttributeKey<Boolean> APPLIED = AttributeKey.booleanKey("babynames.top10.applied");

    private final Top10ReadModel model;
    private final EventJson json;
    private final KafkaConnection kafka;
    private final int partitions;
    private final TopicNames topics;
    private final MessageTracing tracing;
    private final BackgroundLoops.Loop loop;
    private volatile boolean running = true;
    private volatile boolean caughtUp;

    Top10Listener(
            Top10ReadModel model,
            JsonMapper mapper,
            KafkaConnection kafka,
            @Value("${babynames.kafka.registration-partitions}") int partitions,
            TopicNames topics,
            MessageTracing tracing,
            BackgroundLoops loops) {
        this.model = model;
        this.tracing = tracing;
        this.topics = topics;
        this.json = new EventJson(mapper);
        this.kafka = kafka;
        this.partitions = partitions;
        this.loop = loops.start("top10-listener", this::run, () -> running = false);
    }

    boolean caughtUp() {
        return caughtUp;
    }

    private void run() {
        try (var consumer = Readers.assignOnly(kafka)) {
            List<TopicPartition> assigned = TopicSetup.awaitPartitions(
                    consumer, kafka, topics, partitions, List.of(topics.top10Changed()), () -> running);
            if (assigned.isEmpty()) {
                return;
            }
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (caughtUp) {
                        tracing.process("apply", record, () -> apply(record));
                    } else {
                        apply(record);
                    }
                }
                if (!caughtUp && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp = true;
                    LOG.info("Read model caught up with {}", topics.top10Changed());
                }
            }
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        try {
            Top10Changed snapshot = json.read(record.value(), Top10Changed.class);
            boolean applied = model.apply(snapshot);
            Span.current().setAttribute(VERSION, snapshot.version()).setAttribute(APPLIED, applied);
            if (applied) {
                Trail.log(
                        EventHeaders.text(record.headers(), EventHeaders.CORRELATION_ID)
                                .orElse(null),
                        "top 10 of {} now at version {} (GET /top10)",
                        snapshot.sex(),
                        snapshot.version());
            }
        } catch (Exception e) {
            Span.current().setStatus(StatusCode.ERROR, "unreadable: " + e);
            LOG.warn("Skipping unreadable {} record at offset {}: {}", record.topic(), record.offset(), e.toString());
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        loop.stop(Duration.ofSeconds(10));
    }
}
