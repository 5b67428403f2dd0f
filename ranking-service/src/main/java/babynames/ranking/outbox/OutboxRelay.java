package babynames.ranking.outbox;

import babynames.events.KafkaConnection;
import babynames.ranking.RankingEnvironments;
import babynames.ranking.SchemaMigration;
import babynames.support.BackgroundLoops;
import babynames.support.Trail;
import babynames.support.tracing.MessageTracing;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionOperations;
import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes outbox rows to Kafka in id order and marks them sent. It is woken right after a
 * transaction that wrote a row commits, and also sweeps on a timer, which is how it resumes after
 * a crash. A row is marked sent only after Kafka acknowledged it: delivery is at least once, and
 * readers drop versions they already have.
 */
@Context
@Requires(notEnv = RankingEnvironments.ADMIN)
public final class OutboxRelay implements OutboxSignal {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 500;

    private final OutboxRepository outbox;
    private final TransactionOperations<Connection> transactions;
    private final HeadersColumn headers;
    private final MessageTracing tracing;
    private final SchemaMigration schema;
    private final Properties producerSettings;
    /** Made by the relay's thread as it starts, and used by that thread only. */
    private KafkaProducer<String, byte[]> producer;

    private final Duration sweepInterval;
    private final Semaphore wakeups = new Semaphore(0);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final BackgroundLoops.Loop loop;
    private volatile boolean healthy;
    private final AtomicLong backlog = new AtomicLong();

    OutboxRelay(
            OutboxRepository outbox,
            TransactionOperations<Connection> transactions,
            HeadersColumn headers,
            SchemaMigration schema,
            MeterRegistry meters,
            BackgroundLoops loops,
            KafkaConnection kafka,
            MessageTracing tracing,
            @Value("${babynames.outbox.sweep-interval}") Duration sweepInterval) {
        this.tracing = tracing;
        this.outbox = outbox;
        this.transactions = transactions;
        this.headers = headers;
        this.schema = schema;
        this.sweepInterval = sweepInterval;
        Map<String, Object> props = Map.of(
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                5000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                10000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class);
        this.producerSettings = kafka.properties(props);
        new ProducerConfig(producerSettings); // a wrong setting still stops the service as it starts
        Gauge.builder("babynames.outbox.backlog", backlog, AtomicLong::get)
                .description("Outbox rows not yet published to Kafka")
                .register(meters);
        this.loop = loops.start("outbox-relay", this::run, () -> {
            running.set(false);
            wake();
        });
    }

    @Override
    public void wake() {
        wakeups.release();
    }

    public boolean healthy() {
        return healthy;
    }

    private void run() {
        // Made here, not in the constructor, for the reason RegistrationListener makes its consumer
        // on its own thread: the main one goes on starting the service meanwhile.
        producer = new KafkaProducer<>(producerSettings);
        try {
            relayUntilStopped();
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private void relayUntilStopped() {
        while (running.get()) {
            // The ranker's listener migrates the schema once PostgreSQL answers; until then there
            // is no outbox to read, and a second thread waiting for an absent database would only
            // hold up a stop.
            if (schema.isMigrated()) {
                try {
                    while (running.get() && publishBatch() == BATCH) {
                        // A full batch: there may be more.
                    }
                    backlog.set(outbox.countUnsent());
                    healthy = true;
                } catch (Exception e) {
                    healthy = false;
                    LOG.warn("Outbox relay failed, will retry: {}", e.toString());
                }
            }
            try {
                wakeups.tryAcquire(sweepInterval.toMillis(), TimeUnit.MILLISECONDS);
                wakeups.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Publishes up to one batch of unsent rows and marks them sent, in one transaction; returns
     * how many. The rows stay locked until then, so relays of several rankers take turns.
     */
    private int publishBatch() {
        return transactions.executeWrite(status -> {
            List<OutboxRow> rows = outbox.findUnsentForUpdate(BATCH);
            List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
            for (OutboxRow row : rows) {
                var record = new OutboxRecord(
                        row.topic(),
                        row.recordKey(),
                        row.payload(),
                        row.eventType(),
                        row.correlationId(),
                        headers.read(row.headers()));
                var producerRecord = new ProducerRecord<>(
                        record.topic(), null, record.key(), record.payload(), record.kafkaHeaders());
                acks.add(tracing.send(producer, producerRecord, tracing.contextOf(producerRecord.headers())));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(15, TimeUnit.SECONDS);
            }
            if (!rows.isEmpty()) {
                outbox.markSent(rows.stream().mapToLong(OutboxRow::id).toArray());
            }
            rows.forEach(row -> Trail.log(
                    row.correlationId(), "published {} {} to {}", row.eventType(), row.recordKey(), row.topic()));
            return rows.size();
        });
    }

    @PreDestroy
    void stop() throws InterruptedException {
        loop.stop(Duration.ofSeconds(10));
    }
}
