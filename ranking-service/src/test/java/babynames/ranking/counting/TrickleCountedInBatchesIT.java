package babynames.ranking.counting;

import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.embedded.Database;
import babynames.events.BabyRegistered;
import babynames.events.EventJson;
import babynames.events.Sex;
import babynames.events.TopicNames;
import babynames.ranking.RankingContext;
import babynames.testsupport.BackingServices;
import babynames.testsupport.TestNames;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Registrations that arrive one at a time are counted in batches that each span the fetch wait,
 * not in a transaction per registration as it arrives: sent one every 4 ms for a second (after a
 * warm-up), they may take no more batches than one per 15 ms of that trickle (the wait is 25 ms),
 * plus a few for the edges. Taking each fetch at once, the ranker used 86-125 batches here.
 */
class TrickleCountedInBatchesIT {
    private static final int WARM_UP = 100;
    private static final int REGISTRATIONS = 250;
    private static final Duration EVERY = Duration.ofMillis(4);

    @Test
    void aTrickleIsCountedInBatchesThatSpanTheFetchWait() throws Exception {
        Database database = BackingServices.shared().newDatabase();
        String bootstrap = BackingServices.shared().kafkaBootstrapServers();
        try (ApplicationContext ranker = ApplicationContext.builder()
                        .deduceEnvironment(false)
                        .banner(false)
                        .properties(Map.of(
                                "babynames.kafka.bootstrap-servers",
                                bootstrap,
                                "babynames.kafka.topic-prefix",
                                TestNames.unique().toLowerCase() + "."))
                        .properties(RankingContext.datasources(database))
                        .start();
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 0),
                        new StringSerializer(),
                        new ByteArraySerializer())) {
            MeterRegistry meters = ranker.getBean(MeterRegistry.class);
            // The lag is known once the ranker has its partitions and has fetched from them.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> meters.find("babynames.ranking.consumer.lag").gauge() != null);
            DistributionSummary batches =
                    meters.get("babynames.ranking.batch.size").summary();
            String topic = ranker.getBean(TopicNames.class).registrations();
            // The first ones find the ranker's code cold, and its batches slow whatever the fetch does.
            trickle(producer, topic, WARM_UP);
            awaitCounted(meters, WARM_UP);
            long batchesBefore = batches.count();

            long trickleMillis = trickle(producer, topic, REGISTRATIONS);

            awaitCounted(meters, WARM_UP + REGISTRATIONS);
            long counted = batches.count() - batchesBefore;
            long allowed = trickleMillis / 15 + 3;
            assertTrue(
                    counted <= allowed,
                    REGISTRATIONS + " registrations sent over " + trickleMillis + " ms were counted in " + counted
                            + " batches; at most " + allowed + " expected");
        }
    }

    /** Sends {@code count} registrations, one every {@link #EVERY}; how long that took, in ms. */
    private static long trickle(KafkaProducer<String, byte[]> producer, String topic, int count) throws Exception {
        EventJson json = EventJson.createDefault();
        AtomicInteger sent = new AtomicInteger();
        CompletableFuture<Void> done = new CompletableFuture<>();
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        long startedAt = System.nanoTime();
        try {
            clock.scheduleAtFixedRate(
                    () -> {
                        BabyRegistered event =
                                BabyRegistered.of(UUID.randomUUID(), "TRICKLE", Sex.FEMALE, Instant.now());
                        producer.send(new ProducerRecord<>(topic, event.key(), json.write(event)));
                        if (sent.incrementAndGet() == count) {
                            done.complete(null);
                            throw new CancellationException("all sent"); // ends the schedule
                        }
                    },
                    0,
                    EVERY.toNanos(),
                    TimeUnit.NANOSECONDS);
            done.get(1, TimeUnit.MINUTES);
            producer.flush();
            return Duration.ofNanos(System.nanoTime() - startedAt).toMillis();
        } finally {
            clock.shutdownNow();
        }
    }

    private static void awaitCounted(MeterRegistry meters, int count) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> meters.counter("babynames.registrations.counted").count() == count);
    }
}
