package babynames.benchmarks;

import babynames.embedded.Database;
import babynames.embedded.EmbeddedKafka;
import babynames.embedded.EmbeddedPostgres;
import babynames.embedded.ScratchDirectory;
import babynames.localstack.ClassDataCache;
import babynames.localstack.ServiceStack;
import babynames.localstack.ServiceStack.Service;
import babynames.testsupport.MetricsEndpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local stack as {@code run-local.sh --fresh --import} starts it (a broker and PostgreSQL of
 * its own, the ONS baseline imported, the four services from their jars, on free ports), timed
 * from the first step until all four are ready.
 */
final class BenchStack implements AutoCloseable {
    private final ScratchDirectory kafkaDir = ScratchDirectory.create("bench-stack-kafka");
    private final EmbeddedKafka kafka;
    private final EmbeddedPostgres postgres;
    private final ServiceStack services;
    private final Map<String, Long> phasesMillis = new LinkedHashMap<>();
    private final long readyMillis;

    private BenchStack(Path root, Path ons) throws Exception {
        long start = System.nanoTime();
        kafka = EmbeddedKafka.start(kafkaDir.path(), 0);
        phasesMillis.put("broker", since(start));
        postgres = ChildProcesses.startPostgres("bench-stack-pg");
        Database database = postgres.createDatabase("babynames");
        phasesMillis.put("postgres", since(start));
        services = new ServiceStack(
                root,
                kafka.bootstrapServers(),
                database,
                ServiceStack.freePorts(),
                Map.of(),
                line -> {},
                BenchResults.servicesJit());
        require(services.rankingAdmin(List.of("migrate")), "migrate");
        require(
                services.rankingAdmin(
                        List.of("import", ons.resolve("boys_2015.csv").toString(), "--sex", "male")),
                "import boys");
        require(
                services.rankingAdmin(
                        List.of("import", ons.resolve("girls_2015.csv").toString(), "--sex", "female")),
                "import girls");
        phasesMillis.put("migrateAndImport", since(start));
        services.startAll();
        services.awaitAllReady(Duration.ofMinutes(3));
        readyMillis = since(start);
        phasesMillis.put("servicesReady", readyMillis);
    }

    /** Starts it all and waits until every service is ready. */
    static BenchStack start(Path root, Path ons) throws Exception {
        return new BenchStack(root, ons);
    }

    ServiceStack services() {
        return services;
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /**
     * Waits until the ranker has counted everything registered so far and published its outbox,
     * so that one measurement does not pay for the work the one before it left behind.
     */
    void awaitQuiet() throws InterruptedException {
        String ranking = services.url(Service.RANKING);
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (MetricsEndpoint.gauge(ranking, "babynames_ranking_consumer_lag") == 0
                    && MetricsEndpoint.gauge(ranking, "babynames_outbox_backlog") == 0) {
                return;
            }
            Thread.sleep(200); // pacing a poll of a running system, not a test waiting
        }
        throw new IllegalStateException("The ranker did not catch up within 5 minutes");
    }

    /**
     * Stops the four services and starts them again with {@code cache}, returning at once; the
     * caller waits for what it measures.
     */
    void restartAll(ClassDataCache cache) {
        services.stopServices();
        startAll(cache);
    }

    /** Starts the four services with {@code cache}, returning at once. */
    void startAll(ClassDataCache cache) {
        for (Service service : Service.values()) {
            services.start(service, Map.of(), cache);
        }
    }

    /** Stops the four services and starts them again as the stack does, and waits until they are ready. */
    void restartAll() {
        services.stopServices();
        services.startAll();
        services.awaitAllReady(Duration.ofMinutes(3));
    }

    long readyMillis() {
        return readyMillis;
    }

    /** Milliseconds from the start to the end of each phase. */
    Map<String, Long> phasesMillis() {
        return phasesMillis;
    }

    private static long since(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void require(int exit, String what) {
        if (exit != 0) {
            throw new IllegalStateException("ranking-service " + what + " failed with exit code " + exit);
        }
    }

    @Override
    public void close() {
        services.close();
        kafka.close();
        kafkaDir.close();
        postgres.close();
    }
}
