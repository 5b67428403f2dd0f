package babynames.localstack;

import babynames.embedded.Database;
import babynames.embedded.EmbeddedKafka;
import babynames.embedded.EmbeddedPostgres;
import babynames.embedded.ScratchDirectory;
import babynames.localstack.ServiceStack.Service;
import java.nio.file.Files;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system on one machine with nothing but a JDK: a real Kafka broker (KRaft, in this JVM)
 * and a real PostgreSQL (embedded binaries), unless {@code KAFKA_BOOTSTRAP_SERVERS} or
 * {@code DB_URL} point elsewhere; then the four services as separate processes. Ctrl-C stops it all.
 */
public final class LocalStack {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    private LocalStack() {}

    public static void main(String[] args) throws Exception {
        LocalStackOptions options;
        try {
            options = LocalStackOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(LocalStackOptions.USAGE);
            System.exit(2);
            return;
        }
        long start = System.nanoTime();
        if (options.fresh() && Files.exists(options.dataDir())) {
            LOG.info("--fresh: wiping {}", options.dataDir());
            ScratchDirectory.deleteRecursively(options.dataDir());
        }
        Files.createDirectories(options.dataDir());

        EmbeddedKafka kafka = null;
        EmbeddedPostgres postgres = null;
        String bootstrap = options.kafkaBootstrapServers();
        Database database = options.database();
        // PostgreSQL (processes of its own) starts while the broker starts in this JVM.
        CompletableFuture<EmbeddedPostgres> postgresStarting = database != null
                ? null
                : CompletableFuture.supplyAsync(
                        () -> EmbeddedPostgres.start(options.dataDir().resolve("postgres"), options.dbPort(), false));
        if (bootstrap == null) {
            try {
                kafka = EmbeddedKafka.start(options.dataDir().resolve("kafka"), options.kafkaPort());
            } catch (RuntimeException e) {
                if (postgresStarting != null) {
                    postgresStarting
                            .thenAccept(EmbeddedPostgres::close)
                            .exceptionally(ignored -> null)
                            .join();
                }
                throw e;
            }
            bootstrap = kafka.bootstrapServers();
            LOG.info("Kafka (embedded KRaft broker) at {}", bootstrap);
        } else {
            LOG.info("Kafka at {} (KAFKA_BOOTSTRAP_SERVERS: no broker of its own)", bootstrap);
        }
        if (postgresStarting != null) {
            try {
                postgres = postgresStarting.join();
                database = postgres.createDatabase("babynames");
            } catch (RuntimeException e) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                LOG.error(
                        "The embedded PostgreSQL did not start on port {} with its data in {}: {}",
                        options.dbPort(),
                        options.dataDir().resolve("postgres"),
                        cause.getMessage());
                // Stopped here, as no shutdown hook stops them yet: the broker's threads would
                // keep this JVM running with nothing to serve.
                if (kafka != null) {
                    kafka.close();
                }
                if (postgres != null) {
                    postgres.close();
                }
                System.exit(1);
                return;
            }
            LOG.info("PostgreSQL (embedded) at {}", database.jdbcUrl());
        } else {
            LOG.info("PostgreSQL at {} (DB_URL: no database of its own)", database.jdbcUrl());
        }

        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        ServiceStack.defaultPorts().forEach((service, port) -> ports.put(service, port + options.portOffset()));
        ServiceLogs logs = new ServiceLogs(options.dataDir());
        ServiceStack stack = new ServiceStack(
                ServiceStack.findRepoRoot(), bootstrap, database, ports, Map.of(), logs, options.jit());
        List<Supervisor.Replica> replicas = Supervisor.replicas(options.replicas(), ports);
        // The live page of every stream-api replica may post registrations from the browser.
        String liveOrigins = replicas.stream()
                .filter(r -> r.service() == Service.STREAM)
                .map(r -> "http://localhost:" + r.port())
                .collect(Collectors.joining(","));
        // The live page's books read every registration-service and ranking-service replica.
        String flowSources = Stream.of(Service.REGISTRATION, Service.RANKING)
                .flatMap(service -> replicas.stream().filter(r -> r.service() == service))
                .map(r -> r.name() + "=http://localhost:" + r.port())
                .collect(Collectors.joining(","));
        Supervisor supervisor = new Supervisor(
                stack,
                Map.of(
                        "CORS_ALLOWED_ORIGINS",
                        liveOrigins,
                        "FLOW_SOURCES",
                        flowSources,
                        // The trail is what the labs follow; off in the services unless asked for (0011).
                        "TRAIL_LOG",
                        System.getenv().getOrDefault("TRAIL_LOG", "INFO")),
                new ProcessTable(options.dataDir()),
                System.out::println);
        CountDownLatch stopped = new CountDownLatch(1);
        EmbeddedKafka kafkaToStop = kafka;
        EmbeddedPostgres postgresToStop = postgres;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Stopping the services, then the broker and the database");
            supervisor.close();
            logs.close();
            // The broker and the database no longer serve anyone: each stops on its own thread,
            // the stack in the time of the slower of the two.
            CompletableFuture<Void> postgresStopping = postgresToStop == null
                    ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.runAsync(postgresToStop::close);
            if (kafkaToStop != null) {
                kafkaToStop.close();
            }
            postgresStopping.join();
            LOG.info("Stopped");
            stopped.countDown();
        }));

        // The embedded database is migrated by ranking-service when it starts (and by each import
        // before it loads its file). An external one is migrated first, so that a wrong DB_URL
        // stops the stack at once instead of leaving a ranker that never turns ready.
        if (postgres == null && stack.rankingAdmin(List.of("migrate")) != 0) {
            LOG.error(
                    "ranking-service migrate failed: can {} be reached with DB_USER and DB_PASSWORD?",
                    database.jdbcUrl());
            System.exit(1);
        }
        for (LocalStackOptions.Import file : options.imports()) {
            int exit = stack.rankingAdmin(List.of("import", file.path().toString(), "--sex", file.sex()));
            if (exit != 0) {
                LOG.error("Import of {} failed with exit code {}", file.path(), exit);
                System.exit(1);
            }
        }
        supervisor.startAll(replicas);
        try {
            supervisor.awaitAllReady(Duration.ofMinutes(3));
        } catch (IllegalStateException e) {
            LOG.error("The stack did not come up: {}", e.getMessage());
            System.exit(1);
        }
        LOG.info(
                """
                Ready in {} ms.
                  live page        {}/
                  register a baby  curl -H 'Content-Type: application/json' -H "Idempotency-Key: $(uuidgen || date +%s%N)" -d '{"name":"OLIVER","sex":"male"}' {}/baby
                  top 10           {}/top10
                  event stream     curl -N {}/stream
                  ranking          {}/names/male/OLIVER
                {}
                A process that exits is started again; the list of processes is in {}.
                Ctrl-C stops everything.""",
                (System.nanoTime() - start) / 1_000_000,
                stack.url(Service.STREAM),
                stack.url(Service.REGISTRATION),
                stack.url(Service.QUERY),
                stack.url(Service.STREAM),
                stack.url(Service.RANKING),
                replicas.stream()
                        .map(r -> String.format("  %-22s http://localhost:%d", r.name(), r.port()))
                        .collect(Collectors.joining("\n")),
                options.dataDir().resolve("processes"));
        int partitions = Integer.parseInt(System.getenv().getOrDefault("KAFKA_REGISTRATION_PARTITIONS", "3"));
        if (options.replicas().getOrDefault(Service.RANKING, 1) > partitions) {
            LOG.info("Rankers beyond the {} partitions of baby-registrations stand by idle.", partitions);
        }
        stopped.await();
    }
}
