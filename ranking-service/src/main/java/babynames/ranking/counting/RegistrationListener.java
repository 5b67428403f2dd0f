package babynames.ranking.counting;

import babynames.events.BabyRegistered;
import babynames.events.EventJson;
import babynames.events.KafkaConnection;
import babynames.events.TopicNames;
import babynames.events.TopicSetup;
import babynames.ranking.RankingEnvironments;
import babynames.ranking.SchemaMigration;
import babynames.ranking.outbox.OutboxRecord;
import babynames.ranking.outbox.OutboxSignal;
import babynames.support.BackgroundLoops;
import babynames.support.Trail;
import babynames.support.tracing.MessageTracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ranker's consumer loop: poll a batch of {@code baby-registrations}, and in one transaction
 * ({@link BatchCounter}) count it, dead-letter what cannot be counted and move the partitions'
 * positions, which live in the database ({@link DatabasePositions}). Kafka's committed offsets
 * follow afterwards, as a lag indicator only. When counting fails (database down), it rewinds to
 * the batch's first offsets and tries again after a pause, so nothing is skipped.
 */
@Context
@Requires(notEnv = RankingEnvironments.ADMIN)
final class RegistrationListener {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrationListener.class);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
    /**
     * A fetch waits until it has this many bytes of registrations or {@link #FETCH_MAX_WAIT_MS} has
     * passed. Every batch costs a transaction, an offset commit and a pass of the relay whatever
     * its size; taking records the moment they arrive made batches of about four at 500/s.
     */
    static final int FETCH_MIN_BYTES = 64 * 1024;
    /** Counting, and so a top-10 change, comes at most this much later; stream-api's {@code baby} events do not wait for it. */
    static final int FETCH_MAX_WAIT_MS = 25;

    private final Properties consumerSettings;
    /** Made by the loop's thread as it starts, and used by that thread only. */
    private KafkaConsumer<String, byte[]> consumer;

    private final RegistrationDecoder decoder;
    private final BatchCounter counter;
    private final OutboxSignal relay;
    private final LogPositions storedPositions;
    private DatabasePositions positions;
    private final SchemaMigration schema;
    private final KafkaConnection kafka;
    private final int partitions;
    private final TopicNames topics;
    private final CrashPoint crashPoint = CrashPoint.fromEnvironment();
    private final BackgroundLoops.Loop loop;
    private volatile boolean running = true;
    /** The loop's thread while it waits for PostgreSQL and Kafka (nothing in hand yet), for a stop to interrupt. */
    private Thread waiting;

    private volatile boolean failing;

    private final Counter consumed;
    private final Counter counted;
    private final Counter duplicates;
    private final Counter deadLettered;
    private final Counter top10Changes;
    private final Counter fenced;
    private final DistributionSummary batchSize;
    /**
     * Records of its partitions this instance has not counted yet: not yet fetched, or in hand.
     * Below zero, and no gauge on /prometheus, until it has joined the group and fetched.
     */
    private final AtomicLong lag = new AtomicLong(-1);

    private final MeterRegistry meters;
    private final MessageTracing tracing;
    private static final AttributeKey<Long> COUNTED = AttributeKey.longKey("babynames.registrations.counted");
    private static final AttributeKey<Long> DUPLICATES = AttributeKey.longKey("babynames.registrations.duplicates");
    private static final AttributeKey<Long> DEAD_LETTERED =
            AttributeKey.longKey("babynames.registrations.dead_lettered");
    private final Timer transaction;

    RegistrationListener(
            BatchCounter counter,
            OutboxSignal relay,
            SchemaMigration schema,
            LogPositions storedPositions,
            JsonMapper mapper,
            MeterRegistry meters,
            BackgroundLoops loops,
            KafkaConnection kafka,
            @Value("${babynames.kafka.registration-partitions}") int partitions,
            @Value("${babynames.kafka.group-id}") String groupId,
            @Value("${babynames.kafka.max-poll-records}") int maxPollRecords,
            @Value("${babynames.kafka.session-timeout}") Duration sessionTimeout,
            TopicNames topics,
            MessageTracing tracing) {
        this.topics = topics;
        this.tracing = tracing;
        this.counter = counter;
        this.relay = relay;
        this.schema = schema;
        this.kafka = kafka;
        this.partitions = partitions;
        this.decoder = new RegistrationDecoder(new EventJson(mapper));
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, FETCH_MIN_BYTES);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
        // A ranker that died (SIGKILL) holds its partitions until this runs out; keep it short.
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(500, sessionTimeout.toMillis() / 3));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumerSettings = kafka.properties(props);
        new ConsumerConfig(consumerSettings); // a wrong setting still stops the service as it starts
        this.storedPositions = storedPositions;

        this.meters = meters;
        this.consumed = meters.counter("babynames.registrations.consumed");
        this.counted = meters.counter("babynames.registrations.counted");
        this.duplicates = meters.counter("babynames.registrations.duplicates");
        this.deadLettered = meters.counter("babynames.registrations.dead.lettered");
        this.top10Changes = meters.counter("babynames.top10.changes");
        this.fenced = Counter.builder("babynames.ranking.batches.fenced")
                .description("Batches not counted because another ranker had counted from their partition meanwhile")
                .register(meters);
        this.batchSize = DistributionSummary.builder("babynames.ranking.batch.size")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        this.transaction = Timer.builder("babynames.ranking.transaction")
                .publishPercentileHistogram()
                .register(meters);

        this.loop = loops.start("registration-listener", this::run, this::signalStop);
    }

    /** True while the last batch could not be counted (it is being retried). */
    boolean failing() {
        return failing;
    }

    private void run() {
        // Made here, not in the constructor: the first Kafka client of a process loads and
        // initialises some 1,500 classes, which this thread does while the main one goes on
        // starting the service.
        consumer = new KafkaConsumer<>(consumerSettings);
        positions = new DatabasePositions(consumer, storedPositions);
        awaitStorageAndTopics();
        consumer.subscribe(List.of(topics.registrations()), positions);
        while (running) {
            ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
            if (consumer.groupMetadata().generationId() > 0) {
                // Before it has joined, no partitions is not the same as none to read. The records
                // in hand are not counted yet either: they wait until their batch commits.
                int inHand = records.count();
                currentLag().ifPresent(fetchLag -> lagKnown(fetchLag + inHand));
            }
            positions.seekPending();
            if (records.isEmpty()) {
                continue;
            }
            CountingBatch batch = read(records);
            try {
                BatchCounter.Result result = countTraced(batch, records);
                record(result, records.count());
                trail(batch, result);
                if (result.wroteToOutbox()) {
                    relay.wake();
                }
                positions.advanced(batch.advances());
                failing = false;
            } catch (LogPositionMoved e) {
                fenced.increment();
                LOG.info("Not counting a batch: {}; starting again from the stored positions", e.getMessage());
                positions.reposition(records.partitions());
                continue;
            } catch (Exception e) {
                failing = true;
                LOG.warn("Could not count a batch of {} records, retrying it: {}", records.count(), e.toString());
                rewind(records);
                pause();
                continue;
            }
            crashPoint.afterDatabaseCommit();
            commitForLag(batch.advances());
        }
        consumer.close(Duration.ofSeconds(5));
    }

    /**
     * Counts the batch in its transaction, inside a span linked to every registration's own trace:
     * the top-10 changes it writes to the outbox carry this span's context on.
     */
    private BatchCounter.Result countTraced(CountingBatch batch, ConsumerRecords<String, byte[]> records)
            throws Exception {
        Span span = tracing.startBatch("count", topics.registrations(), records);
        Throwable failed = null;
        try (Scope ignored = span.makeCurrent()) {
            BatchCounter.Result result = transaction.recordCallable(() -> counter.count(batch));
            span.setAttribute(COUNTED, result.counted());
            span.setAttribute(DUPLICATES, result.duplicates());
            span.setAttribute(DEAD_LETTERED, result.deadLettered());
            return result;
        } catch (Exception e) {
            failed = e;
            throw e;
        } finally {
            MessageTracing.end(span, failed);
        }
    }

    private CountingBatch read(ConsumerRecords<String, byte[]> records) {
        List<IncomingRegistration> valid = new ArrayList<>(records.count());
        List<OutboxRecord> deadLetters = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            RegistrationDecoder.Decoded decoded = decoder.decode(record);
            if (decoded.registration() != null) {
                valid.add(decoded.registration());
            } else {
                LOG.warn(
                        "Dead-lettering {}/{}/{}: {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        decoded.deadLetterReason());
                deadLetters.add(DeadLetters.of(record, decoded.deadLetterReason(), topics.registrationsDlq()));
            }
        }
        return new CountingBatch(valid, deadLetters, positions.advances(records));
    }

    /** After the commit: each registration's line of the trail, counted now or before. */
    private static void trail(CountingBatch batch, BatchCounter.Result result) {
        if (!Trail.enabled()) {
            return;
        }
        Set<UUID> countedNow = new HashSet<>();
        result.newlyCounted().forEach(r -> countedNow.add(r.event().eventId()));
        for (IncomingRegistration registration : batch.registrations()) {
            BabyRegistered event = registration.event();
            if (countedNow.remove(event.eventId())) {
                Trail.log(
                        registration.correlationId(),
                        "counted registration {}: {} ({})",
                        event.eventId(),
                        event.name(),
                        event.sex());
            } else {
                Trail.log(
                        registration.correlationId(),
                        "registration {} was counted before: not counted again",
                        event.eventId());
            }
        }
    }

    private void record(BatchCounter.Result result, int records) {
        consumed.increment(records);
        batchSize.record(records);
        // Out of what waits and into what is accounted for, together, so that the books balance
        // at any moment (stream-api's panel, ops/prometheus/rules).
        lag.getAndUpdate(waiting -> waiting < 0 ? waiting : Math.max(0, waiting - records));
        counted.increment(result.counted());
        duplicates.increment(result.duplicates());
        deadLettered.increment(result.deadLettered());
        top10Changes.increment(result.top10Changes());
    }

    /**
     * Commits the group's offsets too, so tools that read them (lag dashboards,
     * kafka-consumer-groups) see progress. Never read back by the ranker: losing this commit
     * (a rebalance in between) costs nothing.
     */
    private void commitForLag(List<PartitionAdvance> advances) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        advances.forEach(advance -> offsets.put(advance.partition(), new OffsetAndMetadata(advance.to())));
        try {
            consumer.commitSync(offsets);
        } catch (RuntimeException e) {
            LOG.info("Group offsets not committed (the database has the positions): {}", e.toString());
        }
    }

    /** Known without a broker round trip once a fetch brought the end offsets; empty until then. */
    private void lagKnown(long records) {
        if (lag.getAndSet(records) < 0) {
            // Registered once known, so that nobody reads "nothing waiting" into a ranker that cannot say yet.
            Gauge.builder("babynames.ranking.consumer.lag", lag, AtomicLong::get)
                    .description("Records of baby-registrations not yet counted by this instance")
                    .register(meters);
        }
    }

    private OptionalLong currentLag() {
        return ConsumerLag.total(
                consumer.assignment().stream().map(consumer::currentLag).toList());
    }

    private void rewind(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            consumer.seek(partition, records.records(partition).get(0).offset());
        }
    }

    private void awaitStorageAndTopics() {
        synchronized (this) {
            waiting = Thread.currentThread();
        }
        try {
            while (running) {
                try {
                    schema.ensureMigrated();
                    // The relay waits for the schema, and need not sleep out its sweep interval.
                    relay.wake();
                    TopicSetup.ensureTopics(kafka, topics, partitions, Duration.ofSeconds(5));
                    return;
                } catch (RuntimeException e) {
                    if (!running) {
                        return; // interrupted by a stop
                    }
                    LOG.warn("Waiting for PostgreSQL and Kafka: {}", e.toString());
                    pause();
                }
            }
        } finally {
            synchronized (this) {
                waiting = null;
                // A stop's interrupt that came as the wait ended must not reach the consumer.
                Thread.interrupted();
            }
        }
    }

    /**
     * Tells the loop to end: after the batch in hand, or at once while it still waits for
     * PostgreSQL and Kafka (a connection attempt to an absent database takes seconds).
     */
    private synchronized void signalStop() {
        running = false;
        if (waiting != null) {
            waiting.interrupt();
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Finishes the batch in hand and commits it, then leaves the group (SIGTERM lands here). */
    @PreDestroy
    void stop() throws InterruptedException {
        loop.stop(Duration.ofSeconds(30));
    }
}
