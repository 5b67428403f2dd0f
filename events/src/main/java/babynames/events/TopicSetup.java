package babynames.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics with the settings the contract needs (a compacted {@code top10-changed}), so no
 * service depends on broker-side auto-creation. Safe to call from every service at start: existing
 * topics are left as they are.
 */
public final class TopicSetup {
    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
    /** How often a wait for the broker looks whether it should go on. */
    private static final Duration STEP = Duration.ofMillis(100);

    private TopicSetup() {}

    /**
     * {@code top10-changed} is read from its beginning by every query-api and stream-api at start,
     * so it must stay small however long the system runs: compacted, with segments that roll every
     * ten minutes (the cleaner never touches the active segment, which by default rolls only after
     * a week), cleaned once a tenth of the log is superseded. It has no tombstones; deletes would
     * be kept a day for readers that were away.
     */
    public static final Map<String, String> TOP10_CHANGED_CONFIG = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_COMPACT,
            TopicConfig.SEGMENT_MS_CONFIG,
            String.valueOf(Duration.ofMinutes(10).toMillis()),
            TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG,
            "0.1",
            TopicConfig.DELETE_RETENTION_MS_CONFIG,
            String.valueOf(Duration.ofDays(1).toMillis()));

    public static List<NewTopic> definitions(TopicNames topics, int registrationPartitions) {
        return List.of(
                new NewTopic(topics.registrations(), registrationPartitions, (short) -1),
                new NewTopic(topics.registrationsDlq(), 1, (short) -1),
                new NewTopic(topics.top10Changed(), 1, (short) -1).configs(TOP10_CHANGED_CONFIG));
    }

    /**
     * Keeps trying {@link #ensureTopics} in the background, once a second, until the broker answers;
     * a service starts without waiting for Kafka and reports ready once this completes.
     */
    public static CompletableFuture<Void> ensureTopicsInBackground(
            KafkaConnection kafka, TopicNames topics, int registrationPartitions) {
        return CompletableFuture.runAsync(() -> {
            while (true) {
                try {
                    ensureTopics(kafka, topics, registrationPartitions, Duration.ofSeconds(5));
                    return;
                } catch (IllegalStateException e) {
                    LOG.warn("Kafka topics not ready yet, retrying: {}", e.getMessage());
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(interrupted);
                    }
                }
            }
        });
    }

    /**
     * Waits (retrying once a second) until the topics exist and the broker names their partitions,
     * for a reader that assigns partitions itself. Returns an empty list if {@code keepWaiting}
     * turns false first (the reader is shutting down): within a tenth of a second, also in the
     * middle of a call to a broker that does not answer.
     */
    public static List<TopicPartition> awaitPartitions(
            Consumer<?, ?> consumer,
            KafkaConnection kafka,
            TopicNames topicNames,
            int registrationPartitions,
            List<String> topics,
            BooleanSupplier keepWaiting) {
        while (keepWaiting.getAsBoolean()) {
            try {
                ensureTopics(kafka, topicNames, registrationPartitions, Duration.ofSeconds(5), keepWaiting);
                if (!keepWaiting.getAsBoolean()) {
                    return List.of();
                }
                List<TopicPartition> partitions = new ArrayList<>();
                for (String topic : topics) {
                    consumer.partitionsFor(topic, Duration.ofSeconds(5))
                            .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                }
                return partitions;
            } catch (RuntimeException e) {
                if (!keepWaiting.getAsBoolean()) {
                    return List.of();
                }
                LOG.warn("Waiting for Kafka: {}", e.toString());
                if (!pause(Duration.ofSeconds(1), keepWaiting)) {
                    return List.of();
                }
            }
        }
        return List.of();
    }

    /** Waits {@code pause}, looking at {@code keepWaiting} every tenth of a second; false if it turned false. */
    private static boolean pause(Duration pause, BooleanSupplier keepWaiting) {
        long until = System.nanoTime() + pause.toNanos();
        try {
            while (keepWaiting.getAsBoolean()) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                TimeUnit.NANOSECONDS.sleep(Math.min(left, STEP.toNanos()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /**
     * Creates any missing topic, and sets {@link #TOP10_CHANGED_CONFIG} on an existing
     * {@code top10-changed} (one created by an older version); throws when the broker cannot be
     * reached within the timeout.
     */
    public static void ensureTopics(
            KafkaConnection kafka, TopicNames topics, int registrationPartitions, Duration timeout) {
        ensureTopics(kafka, topics, registrationPartitions, timeout, () -> true);
    }

    /**
     * As {@link #ensureTopics(KafkaConnection, TopicNames, int, Duration)}, but returns early,
     * with its calls to the broker abandoned, once {@code keepWaiting} turns false.
     */
    private static void ensureTopics(
            KafkaConnection kafka,
            TopicNames topics,
            int registrationPartitions,
            Duration timeout,
            BooleanSupplier keepWaiting) {
        Properties props = kafka.properties(Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()));
        Admin admin = Admin.create(props);
        try {
            CreateTopicsResult result = admin.createTopics(definitions(topics, registrationPartitions));
            for (var future : result.values().values()) {
                try {
                    if (!await(future, timeout, keepWaiting)) {
                        return;
                    }
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Could not create Kafka topics: " + e.getCause(), e);
                    }
                }
            }
            ConfigResource top10 = new ConfigResource(ConfigResource.Type.TOPIC, topics.top10Changed());
            List<AlterConfigOp> settings = TOP10_CHANGED_CONFIG.entrySet().stream()
                    .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                    .toList();
            await(admin.incrementalAlterConfigs(Map.of(top10, settings)).all(), timeout, keepWaiting);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not set the configuration of " + topics.top10Changed(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating Kafka topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + timeout + " at " + kafka, e);
        } finally {
            // Without a timeout, closing would wait for calls still out: a wait given up, or
            // timed out, gives them up with it (after a success none is out).
            admin.close(Duration.ZERO);
        }
    }

    /**
     * Waits for {@code future} up to {@code timeout}, in steps of a tenth of a second; false if
     * {@code keepWaiting} turned false first.
     */
    private static boolean await(Future<?> future, Duration timeout, BooleanSupplier keepWaiting)
            throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                future.get(Math.min(STEP.toNanos(), Math.max(0, deadline - System.nanoTime())), TimeUnit.NANOSECONDS);
                return true;
            } catch (TimeoutException e) {
                if (!keepWaiting.getAsBoolean()) {
                    return false;
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw e;
                }
            }
        }
    }
}
