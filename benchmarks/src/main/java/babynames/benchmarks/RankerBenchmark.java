package babynames.benchmarks;

import static org.awaitility.Awaitility.await;

import babynames.embedded.Database;
import babynames.embedded.EmbeddedKafka;
import babynames.embedded.EmbeddedPostgres;
import babynames.embedded.ScratchDirectory;
import babynames.events.BabyRegistered;
import babynames.events.EventJson;
import babynames.events.TopicNames;
import babynames.loadgen.ZipfNames;
import babynames.localstack.ServiceStack;
import babynames.localstack.ServiceStack.Service;
import babynames.testsupport.RankerGroup;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Ranker throughput against the ONS reference's per-event database work, on the same PostgreSQL in
 * the same run (SPEC section 7). Times fresh rankers (ONS baseline imported) counting Zipf-distributed
 * registrations at their steady rate, one ranker and then three; runs the reference's pgbench
 * script on the same server; writes the medians and their ratios to bench/results.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar [--events N] [--runs R] [--baseline-seconds S]}
 */
public final class RankerBenchmark {
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");
    private static final String TIMING = "once every ranker holds a partition: a quarter of the events as a warm-up,"
            + " counted; then the events, the rate counted from the end of producing them to the last";

    private RankerBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.parse(args);
        int events = Integer.parseInt(options.getOrDefault("events", "200000"));
        int runs = Integer.parseInt(options.getOrDefault("runs", "3"));
        int baselineSeconds = Integer.parseInt(options.getOrDefault("baseline-seconds", "20"));
        Path root = ServiceStack.findRepoRoot();
        Path ons = BenchOptions.ons(options, root);
        Path baselineScript = BenchOptions.baselineScript(options, root);

        BenchResults.write(root, "ranker", measure(root, ons, baselineScript, events, runs, baselineSeconds));
    }

    /**
     * Two rows: one ranker against the ONS reference, and three rankers (one per partition, one
     * consumer group, one database) against one ranker, all three measured back to back in every
     * run, {@code runs} times; each row's ratio is the median of the runs' ratios.
     */
    static List<BenchResults.Row> measure(
            Path root, Path ons, Path baselineScript, int events, int runs, int baselineSeconds) throws Exception {
        try (EmbeddedPostgres postgres = ChildProcesses.startPostgres("bench-pg");
                ScratchDirectory kafkaDir = ScratchDirectory.create("bench-kafka");
                EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir.path(), 0)) {
            Database baselineDb = postgres.createDatabase("ons_baseline");
            String url = "postgresql://" + EmbeddedPostgres.USER + ":" + EmbeddedPostgres.PASSWORD + "@localhost:"
                    + postgres.port() + "/ons_baseline";
            List<Double> rankerRates = new ArrayList<>();
            List<Double> threeRankerRates = new ArrayList<>();
            List<Double> baselineRates = new ArrayList<>();
            List<Object> oneRanker = new ArrayList<>();
            List<Object> threeRankers = new ArrayList<>();
            List<ZipfNames.Ranked> names = ZipfNames.readOns(ons);
            for (int run = 1; run <= runs; run++) {
                Timing one =
                        timeRankers(root, kafka, postgres.createDatabase("ranker_" + run), ons, names, events, run, 1);
                System.out.printf(Locale.ROOT, "[bench] ranker run %d: %s%n", run, one);
                rankerRates.add(one.eventsPerSecond());
                oneRanker.add(one.toMap());
                Timing three = timeRankers(
                        root, kafka, postgres.createDatabase("rankers3_" + run), ons, names, events, run, 3);
                System.out.printf(Locale.ROOT, "[bench] three rankers run %d: %s%n", run, three);
                threeRankerRates.add(three.eventsPerSecond());
                threeRankers.add(three.toMap());
                double tps = runBaseline(baselineScript, url, baselineSeconds);
                System.out.printf(Locale.ROOT, "[bench] ONS baseline run %d: %.0f events/s%n", run, tps);
                baselineRates.add(tps);
            }
            return List.of(
                    BenchResults.Row.paired(
                            "ranker throughput (events counted, Zipf names, ONS baseline loaded)",
                            rankerRates,
                            "events/s",
                            "ONS reference per-event DB work (pgbench, same PostgreSQL)",
                            baselineRates,
                            BenchResults.Goal.AT_LEAST,
                            100.0,
                            Map.of(
                                    "events",
                                    events,
                                    "timing",
                                    TIMING,
                                    "timings",
                                    oneRanker,
                                    "postgres",
                                    "embedded PostgreSQL 17, " + baselineDb.jdbcUrl())),
                    BenchResults.Row.paired(
                            "three rankers on three partitions (same events, one database; everything on the same"
                                    + " 2 cores)",
                            threeRankerRates,
                            "events/s",
                            "one ranker, same run",
                            rankerRates,
                            BenchResults.Goal.AT_LEAST,
                            1.0,
                            Map.of("events", events, "timing", TIMING, "timings", threeRankers)));
        }
    }

    /**
     * {@code rankers} fresh rankers (one consumer group, topics of their own) on a fresh database
     * with the ONS baseline, timed at their steady rate: once every ranker holds a partition, a
     * warm-up of {@code events / 4} registrations is produced and counted (each JVM compiles its
     * counting path on it), then {@code events} more are produced, and the rate is what the rankers
     * counted from the moment the producer finished until the last one. So the figure leaves out
     * what a ranker pays once per start: joining the group (a rebalance for each that joins) and its
     * first seconds interpreted (docs/decisions/0023-rankers-timed-at-their-steady-rate.md).
     */
    private static Timing timeRankers(
            Path root,
            EmbeddedKafka kafka,
            Database database,
            Path ons,
            List<ZipfNames.Ranked> ranked,
            int events,
            int run,
            int rankers)
            throws Exception {
        String group = "bench-" + run + "-" + rankers + "-" + UUID.randomUUID();
        String prefix = "bench-ranker-" + run + "-" + rankers + "-";
        TopicNames topics = TopicNames.withPrefix(prefix);
        try (ServiceStack stack = new ServiceStack(
                        root,
                        kafka.bootstrapServers(),
                        database,
                        ServiceStack.freePorts(),
                        Map.of(
                                "KAFKA_GROUP_ID", group,
                                "KAFKA_TOPIC_PREFIX", prefix,
                                "LOG_LEVEL", "WARN"),
                        line -> {},
                        BenchResults.servicesJit());
                Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
                var producer = producer(kafka.bootstrapServers())) {
            stack.rankingAdmin(List.of("migrate"));
            stack.rankingAdmin(List.of("import", ons.resolve("boys_2015.csv").toString(), "--sex", "male"));
            stack.rankingAdmin(List.of("import", ons.resolve("girls_2015.csv").toString(), "--sex", "female"));
            long started = System.nanoTime();
            stack.start(Service.RANKING);
            for (int i = 2; i <= rankers; i++) {
                stack.startReplica(Service.RANKING, "ranking-service-" + i, Map.of());
            }
            RankerGroup.awaitEachWithAPartition(kafka.bootstrapServers(), group, rankers, Duration.ofMinutes(2));
            long joined = System.nanoTime();
            ZipfNames names = new ZipfNames(ranked, 1.1, 42);
            int warmUp = events / 4;
            produce(producer, topics.registrations(), names, warmUp);
            awaitCounted(c, warmUp);
            long warm = System.nanoTime();
            produce(producer, topics.registrations(), names, events);
            long produced = System.nanoTime();
            long countedBefore = registered(c) - warmUp;
            awaitCounted(c, warmUp + events);
            long done = System.nanoTime();
            return new Timing(
                    (events - countedBefore) / ((done - produced) / 1e9),
                    (joined - started) / 1_000_000,
                    (warm - joined) / 1_000_000,
                    (produced - warm) / 1_000_000,
                    countedBefore);
        }
    }

    /**
     * One run's rankers: their steady rate, and the milliseconds until each held a partition, of
     * the warm-up, and of producing the timed registrations (counted meanwhile: {@code countedWhileProduced}).
     */
    record Timing(
            double eventsPerSecond, long joinMillis, long warmUpMillis, long produceMillis, long countedWhileProduced) {
        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("eventsPerSecond", Math.round(eventsPerSecond));
            map.put("joinMs", joinMillis);
            map.put("warmUpMs", warmUpMillis);
            map.put("produceMs", produceMillis);
            map.put("countedWhileProduced", countedWhileProduced);
            return map;
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%.0f events/s (each held a partition after %d ms, warm-up %d ms, producing %d ms, %d counted meanwhile)",
                    eventsPerSecond,
                    joinMillis,
                    warmUpMillis,
                    produceMillis,
                    countedWhileProduced);
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(
                Map.<String, Object>of(
                        "bootstrap.servers",
                        bootstrap,
                        "acks",
                        "all",
                        "linger.ms",
                        20,
                        "batch.size",
                        262144,
                        "compression.type",
                        "lz4"),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    private static void produce(KafkaProducer<String, byte[]> producer, String topic, ZipfNames names, int events) {
        EventJson json = EventJson.createDefault();
        for (int i = 0; i < events; i++) {
            ZipfNames.Ranked pick = names.next();
            BabyRegistered event = BabyRegistered.of(UUID.randomUUID(), pick.name(), pick.sex(), Instant.now());
            producer.send(new ProducerRecord<>(topic, event.key(), json.write(event)));
        }
        producer.flush();
    }

    private static void awaitCounted(Connection c, long events) {
        await("the rankers counting " + events + " events")
                .atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(20))
                .pollInSameThread() // the connection is this thread's
                .until(() -> registered(c) >= events);
    }

    private static long registered(Connection c) throws Exception {
        try (ResultSet row = c.createStatement().executeQuery("SELECT coalesce(sum(registered), 0) FROM name_counts")) {
            row.next();
            return row.getLong(1);
        } catch (java.sql.SQLException e) {
            return 0; // The ranker has not created its tables yet.
        }
    }

    private static double runBaseline(Path script, String url, int seconds) throws Exception {
        return ChildProcesses.lastFigure(
                "The ONS baseline script", List.of("bash", script.toString(), url, String.valueOf(seconds)), TPS);
    }
}
