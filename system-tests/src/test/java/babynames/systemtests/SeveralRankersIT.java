package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import babynames.events.BabyRegistered;
import babynames.events.EventHeaders;
import babynames.events.EventJson;
import babynames.events.Sex;
import babynames.events.Top10Changed;
import babynames.localstack.ServiceProcess;
import babynames.localstack.ServiceStack.Service;
import babynames.testsupport.MetricsEndpoint;
import babynames.testsupport.TestNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Several rankers at once under steady load, on the shared broker and database, with the seen
 * event ids forgotten after a second (so only the stored log positions stand between a record and
 * a second count): rankers are SIGKILLed and restarted, a fourth joins (a rebalance), and one comes
 * back under a new consumer group, so two groups count the same partitions at the same time. The
 * run's history is then checked whole ({@link History}): every acknowledged registration counted
 * exactly once, one content per published top-10 version, versions seen by query-api never going
 * back.
 */
class SeveralRankersIT {
    private static final int PER_SECOND = 200;
    private static final Duration SETTLE = Duration.ofMinutes(2);
    private static final Pattern VERSIONS = Pattern.compile("\"versions\":\\{\"(\\w+)\":(\\d+),\"(\\w+)\":(\\d+)}");

    private final List<String> names = new ArrayList<>();

    @Test
    void everyRegistrationIsCountedOnceWhileRankersDieJoinAndChangeGroups() throws Exception {
        for (int i = 0; i < 24; i++) {
            names.add(TestNames.unique());
        }
        RankerHarness harness = new RankerHarness(Map.of(
                "SEEN_EVENTS_RETENTION", "1s",
                "SEEN_EVENTS_PRUNE_INTERVAL", "1s",
                "KAFKA_MAX_POLL_RECORDS", "50",
                "KAFKA_SESSION_TIMEOUT", "6s"));
        History history = new History();
        Map<Integer, ServiceProcess> rankers = new HashMap<>();
        ScheduledExecutorService load = Executors.newScheduledThreadPool(2);
        try (var stack = harness.stack) {
            stack.start(Service.RANKING).awaitReady(SETTLE);
            stack.start(Service.QUERY).awaitReady(SETTLE);
            startRanker(harness, rankers, 1, Map.of());
            startRanker(harness, rankers, 2, Map.of());
            try (var producer = Registrations.producer(harness.kafka())) {
                load.scheduleAtFixedRate(
                        () -> publish(producer, harness, history), 0, 1000 / (PER_SECOND / 2), TimeUnit.MILLISECONDS);
                load.scheduleAtFixedRate(
                        () -> watchVersions(stack.url(Service.QUERY), history), 0, 100, TimeUnit.MILLISECONDS);

                awaitMoreAccepted(history, 600);
                rankers.remove(1).kill();
                awaitMoreAccepted(history, 400);
                startRanker(harness, rankers, 1, Map.of());
                startRanker(harness, rankers, 3, Map.of());
                awaitMoreAccepted(history, 600);
                rankers.remove(2).close();
                startRanker(harness, rankers, 2, Map.of("KAFKA_GROUP_ID", "another-group-" + TestNames.unique()));
                awaitMoreAccepted(history, 800);
                stack.kill(Service.RANKING);
                awaitMoreAccepted(history, 400);
                stack.start(Service.RANKING).awaitReady(SETTLE);
                awaitMoreAccepted(history, 400);

                load.shutdown();
                load.awaitTermination(30, TimeUnit.SECONDS);
                producer.flush();
            }
            List<String> allRankers = new ArrayList<>();
            allRankers.add(stack.url(Service.RANKING));
            rankers.values().forEach(r -> allRankers.add(r.url()));
            try {
                Awaitility.await()
                        .atMost(SETTLE)
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> total(counted(harness)) >= history.acceptedCount()
                                && allRankers.stream().allMatch(url -> lag(url) == 0));
            } catch (ConditionTimeoutException e) {
                // Check the history anyway: it says what is missing, which is what matters.
                System.out.println("SeveralRankersIT: not settled within " + SETTLE + ": counted="
                        + total(counted(harness)) + " accepted=" + history.acceptedCount() + " lags="
                        + allRankers.stream().map(url -> url + "=" + lag(url)).toList());
            }
            readPublished(harness, history);

            Map<String, Long> counted = counted(harness);
            System.out.println("SeveralRankersIT: " + history.summary(counted) + " fenced-batches="
                    + allRankers.stream()
                            .mapToDouble(url -> MetricsEndpoint.gauge(url, "babynames_ranking_batches_fenced_total"))
                            .sum());
            assertEquals(List.of(), history.violations(counted));
        } finally {
            load.shutdownNow();
            rankers.values().forEach(ServiceProcess::close);
        }
    }

    private static void startRanker(
            RankerHarness harness, Map<Integer, ServiceProcess> rankers, int index, Map<String, String> moreEnv) {
        ServiceProcess ranker = harness.stack.startReplica(Service.RANKING, "ranking-service-" + index, moreEnv);
        rankers.put(index, ranker);
        ranker.awaitReady(SETTLE);
    }

    /** One registration per tick, names Zipf-like so the top 10s keep changing; half of them boys'. */
    private void publish(
            org.apache.kafka.clients.producer.KafkaProducer<String, byte[]> producer,
            RankerHarness harness,
            History history) {
        for (int i = 0; i < 2; i++) {
            int index = (int) Math.floor(
                            Math.pow(names.size(), ThreadLocalRandom.current().nextDouble()))
                    - 1;
            String name = names.get(index);
            Sex sex = index % 2 == 0 ? Sex.MALE : Sex.FEMALE;
            BabyRegistered event = BabyRegistered.of(UUID.randomUUID(), name, sex, Instant.now());
            var record = new ProducerRecord<>(
                    harness.topics.registrations(),
                    event.key(),
                    EventJson.createDefault().write(event));
            record.headers().add(EventHeaders.CORRELATION_ID, EventHeaders.bytes("several-rankers"));
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    history.accepted(event.eventId(), sex.wireName() + ":" + name);
                }
            });
        }
    }

    private static double lag(String rankerUrl) {
        return MetricsEndpoint.gauge(rankerUrl, "babynames_ranking_consumer_lag");
    }

    private static void watchVersions(String queryUrl, History history) {
        try {
            Matcher versions = VERSIONS.matcher(Http.get(queryUrl + "/top10").body());
            if (versions.find()) {
                history.versionSeen("query-api", versions.group(1), Long.parseLong(versions.group(2)));
                history.versionSeen("query-api", versions.group(3), Long.parseLong(versions.group(4)));
            }
        } catch (Exception e) {
            // query-api unreachable for a moment: nothing seen, nothing to record.
        }
    }

    private static void awaitMoreAccepted(History history, int more) {
        int target = history.acceptedCount() + more;
        Awaitility.await().atMost(SETTLE).until(() -> history.acceptedCount() >= target);
    }

    private Map<String, Long> counted(RankerHarness harness) throws Exception {
        Map<String, Long> counted = new HashMap<>();
        for (Sex sex : Sex.values()) {
            Registrations.counted(harness.database, sex, names)
                    .forEach((name, count) -> counted.put(sex.wireName() + ":" + name, count));
        }
        return counted;
    }

    /** Every record of top10-changed, from the beginning to the end. */
    private static void readPublished(RankerHarness harness, History history) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, harness.kafka());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        EventJson json = EventJson.createDefault();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(harness.topics.top10Changed(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    Top10Changed changed = json.read(record.value(), Top10Changed.class);
                    history.published(changed.sex().wireName(), changed.version(), String.valueOf(changed.names()));
                }
            }
        }
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
