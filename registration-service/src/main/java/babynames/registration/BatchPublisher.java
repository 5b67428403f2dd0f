package babynames.registration;

import babynames.events.BabyRegistered;
import babynames.events.EventJson;
import babynames.events.KafkaConnection;
import babynames.events.TopicNames;
import babynames.support.tracing.MessageTracing;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a {@code POST /babies} batch as one Kafka transaction: every consumer of the topic
 * reads committed records only, so it sees the whole batch or none of it. A batch that fails
 * before its commit is aborted (nothing of it is ever visible); one whose commit does not finish
 * in time has an unknown outcome, like any {@code 503}, and a retry with the same
 * {@code Idempotency-Key} publishes the same event ids, counted once.
 *
 * <p>A producer has one transaction open at a time, so there are a few of them, each taken by one
 * batch at a time (batches run on the blocking pool). Their transactional ids are new for every
 * process: nothing here is ever resumed by another instance, so there is nothing to fence.
 */
@Singleton
final class BatchPublisher {
    private static final int PRODUCERS = 4;

    private final BlockingQueue<KafkaProducer<String, byte[]>> idle = new ArrayBlockingQueue<>(PRODUCERS);
    private final AtomicInteger created = new AtomicInteger();
    private final Map<String, Object> settings = new HashMap<>();
    private final KafkaConnection kafka;
    private final String transactionalIdPrefix = "registration-batches-" + UUID.randomUUID() + "-";
    private final EventJson json;
    private final MessageTracing tracing;
    private final String topic;
    private final Duration timeout;

    @Inject
    BatchPublisher(
            KafkaConnection kafka,
            @Value("${babynames.publish-timeout}") Duration publishTimeout,
            JsonMapper mapper,
            TopicNames topics,
            MessageTracing tracing) {
        this(kafka, publishTimeout, mapper, topics, tracing, Map.of());
    }

    /** With extra producer settings (tests make a record fail half-way through a batch). */
    BatchPublisher(
            KafkaConnection kafka,
            Duration publishTimeout,
            JsonMapper mapper,
            TopicNames topics,
            MessageTracing tracing,
            Map<String, Object> overrides) {
        this.tracing = tracing;
        this.json = new EventJson(mapper);
        this.topic = topics.registrations();
        this.timeout = publishTimeout;
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, RegistrationPublisher.LINGER_MS);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) publishTimeout.toMillis());
        // An open transaction of a batch whose client was told 503 must not linger.
        settings.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) Math.max(publishTimeout.toMillis() * 2, 10_000));
        settings.putAll(overrides);
        this.kafka = kafka;
    }

    /**
     * Publishes the events in one transaction, on the caller's thread, within the publish timeout.
     *
     * @throws RuntimeException when the batch was not committed in time (aborted when it could be)
     */
    void publish(List<BabyRegistered> events, String correlationId) throws InterruptedException {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(events.size());
        for (BabyRegistered event : events) {
            records.add(RegistrationPublisher.record(topic, json, event, correlationId));
        }
        Span span = tracing.startSendBatch(topic, records, Context.current());
        Throwable failed = null;
        KafkaProducer<String, byte[]> producer = take();
        boolean reusable = false;
        try {
            producer.beginTransaction();
            records.forEach(producer::send);
            producer.commitTransaction();
            reusable = true;
        } catch (RuntimeException e) {
            failed = e;
            reusable = abort(producer);
            throw e;
        } finally {
            giveBack(producer, reusable);
            MessageTracing.end(span, failed);
        }
    }

    /** Aborts the open transaction; false when the producer is not fit for another one. */
    private static boolean abort(KafkaProducer<String, byte[]> producer) {
        try {
            producer.abortTransaction();
            return true;
        } catch (RuntimeException cannot) {
            return false;
        }
    }

    private KafkaProducer<String, byte[]> take() throws InterruptedException {
        KafkaProducer<String, byte[]> producer = idle.poll();
        if (producer != null) {
            return producer;
        }
        if (created.getAndIncrement() < PRODUCERS) {
            return newProducer();
        }
        created.decrementAndGet();
        producer = idle.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (producer == null) {
            throw new IllegalStateException("no batch producer came free within " + timeout);
        }
        return producer;
    }

    private KafkaProducer<String, byte[]> newProducer() {
        Map<String, Object> mine = new HashMap<>(settings);
        mine.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalIdPrefix + UUID.randomUUID());
        KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(kafka.properties(mine), new StringSerializer(), new ByteArraySerializer());
        try {
            producer.initTransactions();
            return producer;
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            created.decrementAndGet();
            throw e;
        }
    }

    private void giveBack(KafkaProducer<String, byte[]> producer, boolean reusable) {
        if (reusable && idle.offer(producer)) {
            return;
        }
        // A producer whose transaction state is unknown (a commit that timed out, a fatal error) is replaced.
        producer.close(Duration.ZERO);
        created.decrementAndGet();
    }

    @PreDestroy
    void close() {
        KafkaProducer<String, byte[]> producer;
        while ((producer = idle.poll()) != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
