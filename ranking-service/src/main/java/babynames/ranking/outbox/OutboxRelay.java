package babynames.ranking.outbox;

import babynames.ranking.RankingEnvironments;
import babynames.ranking.SchemaMigration;
import babynames.support.BackgroundLoops;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
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

    private final DataSource dataSource;
    private final HeadersColumn headers;
    private final SchemaMigration schema;
    private final KafkaProducer<String, byte[]> producer;
    private final Duration sweepInterval;
    private final Semaphore wakeups = new Semaphore(0);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final BackgroundLoops.Loop loop;
    private volatile boolean healthy;
    private final AtomicLong backlog = new AtomicLong();

    OutboxRelay(
            DataSource dataSource,
            HeadersColumn headers,
            SchemaMigration schema,
            MeterRegistry meters,
            BackgroundLoops loops,
            @Value("${babynames.kafka.bootstrap-servers}") String bootstrapServers,
            @Value("${babynames.outbox.sweep-interval}") Duration sweepInterval) {
        this.dataSource = dataSource;
        this.headers = headers;
        this.schema = schema;
        this.sweepInterval = sweepInterval;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        Gauge.builder("babynames.outbox.backlog", backlog, AtomicLong::get)
                .description("Outbox rows not yet published to Kafka")
                .register(meters);
        this.loop = loops.start("outbox-relay", this::run);
    }

    @Override
    public void wake() {
        wakeups.release();
    }

    public boolean healthy() {
        return healthy;
    }

    private void run() {
        while (running.get()) {
            try {
                schema.ensureMigrated();
                while (running.get() && publishBatch() == BATCH) {
                    // A full batch: there may be more.
                }
                backlog.set(countUnsent());
                healthy = true;
            } catch (Exception e) {
                healthy = false;
                LOG.warn("Outbox relay failed, will retry: {}", e.toString());
            }
            try {
                wakeups.tryAcquire(sweepInterval.toMillis(), TimeUnit.MILLISECONDS);
                wakeups.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Publishes up to one batch of unsent rows; returns how many. Rows are locked, so relays take turns. */
    private int publishBatch() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<Long> ids = new ArrayList<>();
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT id, topic, record_key, payload, event_type, correlation_id, headers FROM outbox"
                                + " WHERE sent_at IS NULL ORDER BY id LIMIT " + BATCH + " FOR UPDATE")) {
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            ids.add(rows.getLong(1));
                            var stored = new OutboxRecord(
                                    rows.getString(2),
                                    rows.getString(3),
                                    rows.getBytes(4),
                                    rows.getString(5),
                                    rows.getString(6),
                                    headers.read(rows.getString(7)));
                            acks.add(producer.send(new ProducerRecord<>(
                                    stored.topic(), null, stored.key(), stored.payload(), stored.kafkaHeaders())));
                        }
                    }
                }
                for (Future<RecordMetadata> ack : acks) {
                    ack.get(15, TimeUnit.SECONDS);
                }
                if (!ids.isEmpty()) {
                    markSent(connection, ids);
                }
                connection.commit();
                return ids.size();
            } catch (Exception e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private long countUnsent() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                ResultSet count = connection
                        .createStatement()
                        .executeQuery("SELECT count(*) FROM outbox WHERE sent_at IS NULL")) {
            count.next();
            return count.getLong(1);
        }
    }

    private static void markSent(Connection connection, List<Long> ids) throws SQLException {
        try (PreparedStatement update =
                connection.prepareStatement("UPDATE outbox SET sent_at = now() WHERE id = ANY (?)")) {
            update.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            update.executeUpdate();
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        loop.stop(
                () -> {
                    running.set(false);
                    wake();
                },
                Duration.ofSeconds(10));
        producer.close(Duration.ofSeconds(5));
    }
}
