package babynames.registration;

import babynames.events.BabyRegistered;
import babynames.events.EventHeaders;
import babynames.events.EventJson;
import babynames.events.KafkaConnection;
import babynames.events.TopicNames;
import babynames.support.tracing.MessageTracing;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes registrations to {@code baby-registrations}. The returned future completes only when
 * every in-sync replica has the record ({@code acks=all}); the idempotent producer keeps its own
 * retries from writing a record twice.
 *
 * <p>Publishing never blocks, so {@code POST /baby} runs on the event loop: the producer may not
 * wait for room in its buffer ({@code max.block.ms=0}; a full buffer is a 503 at once) nor for the
 * topic's metadata, which it learns in the background at start and then keeps.
 */
@Singleton
final class RegistrationPublisher {
    /**
     * How long a record waits for others to share its request to the broker. 5 ms (Kafka's own
     * default since 4.0) rather than 1: at 1,000 registrations/s the broker gets a few requests of
     * several records instead of one request per record, which on 2 cores frees enough CPU to make
     * every registration faster.
     */
    static final int LINGER_MS = 5;
    /** How often, at start, the producer is asked whether it knows the topic's partitions yet. */
    private static final long LEARN_TOPIC_EVERY_MS = 20;

    private final KafkaProducer<String, byte[]> producer;
    private final EventJson json;
    private final MessageTracing tracing;
    private final String topic;
    /** Complete once the producer knows the topic's partitions: until then a send would have to wait. */
    private final CompletableFuture<Void> topicKnown = new CompletableFuture<>();

    private volatile boolean closed;

    RegistrationPublisher(
            KafkaConnection kafka,
            @Value("${babynames.publish-timeout}") Duration publishTimeout,
            JsonMapper mapper,
            TopicNames topics,
            MessageTracing tracing) {
        this.tracing = tracing;
        this.json = new EventJson(mapper);
        this.topic = topics.registrations();
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // send() never waits (it runs on the event loop), and the topic's metadata is kept however
        // long the service is idle (by default it is forgotten after 5 minutes).
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 0);
        props.put(ProducerConfig.METADATA_MAX_IDLE_CONFIG, Duration.ofDays(365).toMillis());
        // A record the broker has not taken within the publish timeout is dropped, not sent later:
        // the client was told 503 and may retry.
        int timeoutMs = (int) publishTimeout.toMillis();
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs + LINGER_MS);
        this.producer = new KafkaProducer<>(kafka.properties(props), new StringSerializer(), new ByteArraySerializer());
        learnTopic();
    }

    /** Whether a registration can be sent now (the producer knows where the topic's partitions are). */
    boolean knowsTopic() {
        return topicKnown.isDone();
    }

    /**
     * @param deadline {@link System#nanoTime()} after which the registration must not be sent any
     *     more (its client is told 503)
     * @return Kafka's outcome: at the deadline when it was never sent, else within the producer's
     *     delivery timeout of its sending; never left pending
     */
    CompletableFuture<RecordMetadata> publish(BabyRegistered event, String correlationId, long deadline) {
        var record = record(topic, json, event, correlationId);
        Span span = tracing.startSend(record, Context.current());
        CompletableFuture<RecordMetadata> sent;
        if (topicKnown.isDone()) {
            sent = send(record);
        } else {
            // Only just started: wait (with no thread waiting) for the topic, but not past the
            // deadline. Whichever comes first decides, once: the topic (then it is sent) or the
            // deadline (then it never is, and its outcome is known at once).
            sent = topicKnown
                    .copy()
                    .orTimeout(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                    .handle((known, late) -> late == null
                            ? send(record)
                            : CompletableFuture.<RecordMetadata>failedFuture(
                                    new TimeoutException("the topic's metadata came too late")))
                    .thenCompose(sending -> sending);
        }
        return sent.whenComplete((metadata, error) -> MessageTracing.end(span, error));
    }

    /** A registration as a record of the topic: keyed by sex and name, with its headers. */
    static ProducerRecord<String, byte[]> record(
            String topic, EventJson json, BabyRegistered event, String correlationId) {
        var record = new ProducerRecord<>(topic, event.key(), json.write(event));
        record.headers().add(EventHeaders.CORRELATION_ID, EventHeaders.bytes(correlationId));
        record.headers().add(EventHeaders.EVENT_TYPE, EventHeaders.bytes(BabyRegistered.EVENT_TYPE));
        return record;
    }

    private CompletableFuture<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    acknowledged.completeExceptionally(error);
                } else {
                    acknowledged.complete(metadata);
                }
            });
        } catch (RuntimeException e) {
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }

    /** Asks until the producer has the topic's metadata; each ask that fails makes it fetch again. */
    private void learnTopic() {
        if (closed) {
            return;
        }
        try {
            producer.partitionsFor(topic);
            topicKnown.complete(null);
        } catch (KafkaException notYet) {
            CompletableFuture.delayedExecutor(LEARN_TOPIC_EVERY_MS, TimeUnit.MILLISECONDS)
                    .execute(this::learnTopic);
        }
    }

    @PreDestroy
    void close() {
        closed = true;
        producer.close(Duration.ofSeconds(5));
    }
}
