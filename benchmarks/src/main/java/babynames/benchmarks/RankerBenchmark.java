package babynames.benchmarks;

import babynames.embedded.Database;
import babynames.embedded.EmbeddedKafka;
import babynames.embedded.EmbeddedPostgres;
import babynames.embedded.ScratchDirectory;
import babynames.events.BabyRegistered;
import babynames.events.EventJson;
import babynames.events.KafkaConnection;
import babynames.events.TopicNames;
import babynames.events.TopicSetup;
import babynames.events.Topics;
import babynames.loadgen.ZipfNames;
import babynames.localstack.ServiceStack;
import babynames.localstack.ServiceStack.Service;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * the same run (SPEC section 7). Preloads Zipf-distributed registrations into Kafka, then times a
 * fresh ranker (ONS baseline imported) counting all of them; runs the reference's pgbench script on
 * the same server; writes both medians and their ratio to bench/results.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar [--events N] [--runs R] [--baseline-seconds S]}
 */
public final class RankerBenchmark {
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");

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
            preload(kafka.bootstrapServers(), ons, events);

            Database baselineDb = postgres.createDatabase("ons_baseline");
            String url = "postgresql://" + EmbeddedPostgres.USER + ":" + EmbeddedPostgres.PASSWORD + "@localhost:"
                    + postgres.port() + "/ons_baseline";
            List<Double> rankerRates = new ArrayList<>();
            List<Double> threeRankerRates = new ArrayList<>();
            List<Double> baselineRates = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                double one = timeRankers(root, kafka, postgres.createDatabase("ranker_" + run), ons, events, run, 1);
                System.out.printf(Locale.ROOT, "[bench] ranker run %d: %.0f events/s%n", run, one);
                rankerRates.add(one);
                double three =
                        timeRankers(root, kafka, postgres.createDatabase("rankers3_" + run), ons, events, run, 3);
                System.out.printf(Locale.ROOT, "[bench] three rankers run %d: %.0f events/s%n", run, three);
                threeRankerRates.add(three);
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
                            Map.of("events", events, "postgres", "embedded PostgreSQL 17, " + baselineDb.jdbcUrl())),
                    BenchResults.Row.paired(
                            "three rankers on three partitions (same events, one database; everything on the same"
                                    + " 2 cores)",
                            threeRankerRates,
                            "events/s",
                            "one ranker, same run",
                            rankerRates,
                            BenchResults.Goal.AT_LEAST,
                            1.0,
                            Map.of("events", events)));
        }
    }

    private static void preload(String bootstrap, Path ons, int events) throws Exception {
        TopicSetup.ensureTopics(KafkaConnection.plaintext(bootstrap), TopicNames.DEFAULT, 3, Duration.ofSeconds(30));
        ZipfNames names = new ZipfNames(ZipfNames.readOns(ons), 1.1, 42);
        EventJson json = EventJson.createDefault();
        long start = System.nanoTime();
        try (var producer = new KafkaProducer<>(
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
                new ByteArraySerializer())) {
            for (int i = 0; i < events; i++) {
                ZipfNames.Ranked pick = names.next();
                BabyRegistered event = BabyRegistered.of(UUID.randomUUID(), pick.name(), pick.sex(), Instant.now());
                producer.send(new ProducerRecord<>(Topics.BABY_REGISTRATIONS, event.key(), json.write(event)));
            }
            producer.flush();
        }
        System.out.printf(
                Locale.ROOT,
                "[bench] preloaded %d registrations in %d ms%n",
                events,
                (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * {@code rankers} fresh rankers (one consumer group) on a fresh database with the ONS baseline,
     * timed from the first count to the last; joining rankers rebalance within that time, as they
     * would in production.
     */
    private static double timeRankers(
            Path root, EmbeddedKafka kafka, Database database, Path ons, int events, int run, int rankers)
            throws Exception {
        try (ServiceStack stack = new ServiceStack(
                root,
                kafka.bootstrapServers(),
                database,
                ServiceStack.freePorts(),
                Map.of("KAFKA_GROUP_ID", "bench-" + run + "-" + UUID.randomUUID(), "LOG_LEVEL", "WARN"),
                line -> {},
                BenchResults.servicesJit())) {
            stack.rankingAdmin(List.of("migrate"));
            stack.rankingAdmin(List.of("import", ons.resolve("boys_2015.csv").toString(), "--sex", "male"));
            stack.rankingAdmin(List.of("import", ons.resolve("girls_2015.csv").toString(), "--sex", "female"));
            stack.start(Service.RANKING);
            for (int i = 2; i <= rankers; i++) {
                stack.startReplica(Service.RANKING, "ranking-service-" + i, Map.of());
            }
            try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
                long first = 0;
                long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                while (System.nanoTime() < deadline) {
                    long counted = registered(c);
                    long now = System.nanoTime();
                    if (first == 0 && counted > 0) {
                        first = now;
                    }
                    if (counted >= events) {
                        return events / ((now - first) / 1e9);
                    }
                    Thread.sleep(20);
                }
                throw new IllegalStateException("The rankers did not count " + events + " events in 10 minutes");
            }
        }
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
