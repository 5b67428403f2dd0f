package babynames.localstack;

import babynames.embedded.Database;
import babynames.embedded.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The four services as separate processes against one Kafka and one PostgreSQL, each configured
 * only through its environment, as in production. Any of them can be stopped, killed and started
 * again; that is what the system tests do, and what the local stack runs.
 */
public final class ServiceStack implements AutoCloseable {
    /**
     * The services, in the order they are started, with their default ports and their heaps'
     * ceilings: 128 MiB is at least three times what registration-service, ranking-service and
     * query-api keep alive under load; stream-api keeps every connected client's buffers in its
     * heap, and holds thousands of clients (decision 0020).
     */
    public enum Service {
        RANKING("ranking-service", 8083, "128m"),
        QUERY("query-api", 8080, "128m"),
        STREAM("stream-api", 8082, "256m"),
        REGISTRATION("registration-service", 8081, "128m");

        private final String artifact;
        private final int defaultPort;
        private final String maxHeap;

        Service(String artifact, int defaultPort, String maxHeap) {
            this.artifact = artifact;
            this.defaultPort = defaultPort;
            this.maxHeap = maxHeap;
        }

        /** How its JVM runs, compiling with {@code jit}'s compilers. */
        public JvmSettings jvm(JitMode jit) {
            return new JvmSettings(maxHeap, jit);
        }

        public String artifact() {
            return artifact;
        }

        public int defaultPort() {
            return defaultPort;
        }
    }

    private final Path repoRoot;
    private final String kafkaBootstrapServers;
    private final Database database;
    private final Map<Service, Integer> ports;
    private final Consumer<String> logSink;
    private final Map<String, String> extraEnv;
    private final Map<Service, ServiceProcess> running = new EnumMap<>(Service.class);
    private final List<ServiceProcess> replicas = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ClassDataCache classDataCache;
    private final JitMode jit;

    /** The services compile with {@code jit}'s compilers; the class-data cache is as the environment says. */
    public ServiceStack(
            Path repoRoot,
            String kafkaBootstrapServers,
            Database database,
            Map<Service, Integer> ports,
            Map<String, String> extraEnv,
            Consumer<String> logSink,
            JitMode jit) {
        this.repoRoot = repoRoot;
        this.kafkaBootstrapServers = kafkaBootstrapServers;
        this.database = database;
        this.ports = Map.copyOf(ports);
        this.extraEnv = Map.copyOf(extraEnv);
        this.logSink = logSink;
        this.classDataCache = ClassDataCache.fromEnvironment(System.getenv());
        this.jit = jit;
    }

    /** Free ports for every service, for tests that run beside anything else. */
    public static Map<Service, Integer> freePorts() {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        List<Integer> free = FreePorts.next(Service.values().length);
        for (Service service : Service.values()) {
            ports.put(service, free.get(service.ordinal()));
        }
        return ports;
    }

    public static Map<Service, Integer> defaultPorts() {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, service.defaultPort());
        }
        return ports;
    }

    /** Finds the repository root (the folder with mvnw) at or above the working directory. */
    public static Path findRepoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("Run from inside the baby-names repository (no mvnw found above "
                    + Path.of("").toAbsolutePath() + ")");
        }
        return dir;
    }

    /** The compilers its services use. */
    public JitMode jit() {
        return jit;
    }

    /** How {@code service}'s JVM runs in this stack. */
    public JvmSettings jvm(Service service) {
        return service.jvm(jit);
    }

    public Path jar(Service service) {
        Path jar = repoRoot.resolve(service.artifact()).resolve("target").resolve(service.artifact() + ".jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with ./mvnw -DskipTests package");
        }
        return jar;
    }

    /** The environment a service gets: the same variables as in production. */
    public Map<String, String> env(Service service) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("PORT", String.valueOf(ports.get(service)));
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        env.put("RANKING_SERVICE_URL", "http://localhost:" + ports.get(Service.RANKING));
        env.put("REGISTRATION_SERVICE_URL", "http://localhost:" + ports.get(Service.REGISTRATION));
        env.put("CORS_ALLOWED_ORIGINS", "http://localhost:" + ports.get(Service.STREAM));
        env.put(
                "FLOW_SOURCES",
                "registration-service=http://localhost:" + ports.get(Service.REGISTRATION)
                        + ",ranking-service=http://localhost:" + ports.get(Service.RANKING));
        if (service == Service.RANKING) {
            env.put("DB_URL", database.jdbcUrl());
            env.put("DB_USER", database.user());
            env.put("DB_PASSWORD", database.password());
        }
        return env;
    }

    /** Runs a ranking-service admin command ({@code migrate}, {@code import ...}); returns its exit code. */
    public int rankingAdmin(List<String> args) {
        return ServiceProcess.run(
                "ranking-service " + args.get(0),
                jar(Service.RANKING),
                args,
                env(Service.RANKING),
                Duration.ofMinutes(5),
                logSink,
                jvm(Service.RANKING));
    }

    public ServiceProcess start(Service service) {
        return start(service, Map.of());
    }

    /** Starts (or restarts) one service, with {@code moreEnv} added to its usual environment. */
    public ServiceProcess start(Service service, Map<String, String> moreEnv) {
        return start(service, moreEnv, classDataCache);
    }

    /**
     * The same with a {@link ClassDataCache} of the caller's choice (the stack's own follows
     * {@value ClassDataCache#SETTING}): benchmarks start a service with and without one.
     */
    public ServiceProcess start(Service service, Map<String, String> moreEnv, ClassDataCache cache) {
        stopIfRunning(service);
        Map<String, String> env = new HashMap<>(env(service));
        env.putAll(moreEnv);
        ServiceProcess process = ServiceProcess.start(
                service.artifact(), jar(service), List.of(), env, ports.get(service), logSink, cache, jvm(service));
        running.put(service, process);
        return process;
    }

    /**
     * Starts one more instance of a service beside the one {@link #start} runs (a replica: another
     * ranker in the same consumer group, say), on a free port, named {@code name} in the log; it
     * is stopped with the stack unless the caller stops or kills it first.
     */
    public ServiceProcess startReplica(Service service, String name, Map<String, String> moreEnv) {
        ServiceProcess process = launch(service, name, FreePorts.next(), moreEnv);
        replicas.add(process);
        return process;
    }

    /**
     * Starts a process of a service on {@code port}, named {@code name} in the log, that the caller
     * looks after (stops, restarts): the stack does not track it.
     */
    public ServiceProcess launch(Service service, String name, int port, Map<String, String> moreEnv) {
        Map<String, String> env = new HashMap<>(env(service));
        env.put("PORT", String.valueOf(port));
        env.putAll(moreEnv);
        return ServiceProcess.start(name, jar(service), List.of(), env, port, logSink, classDataCache, jvm(service));
    }

    public void startAll() {
        for (Service service : Service.values()) {
            start(service);
        }
    }

    public void awaitAllReady(Duration timeout) {
        for (ServiceProcess process : running.values()) {
            process.awaitReady(timeout);
        }
    }

    public ServiceProcess process(Service service) {
        ServiceProcess process = running.get(service);
        if (process == null) {
            throw new IllegalStateException(service + " is not running");
        }
        return process;
    }

    public String url(Service service) {
        return "http://localhost:" + ports.get(service);
    }

    public int port(Service service) {
        return ports.get(service);
    }

    /** SIGKILL: the process gets no chance to finish or commit anything. */
    public void kill(Service service) {
        ServiceProcess process = running.remove(service);
        if (process != null) {
            process.kill();
        }
    }

    /** SIGTERM, up to {@code grace} for a clean exit, then SIGKILL; the exit code (137 if killed). */
    public int stop(Service service, Duration grace) {
        ServiceProcess process = running.remove(service);
        if (process == null) {
            throw new IllegalStateException(service + " is not running");
        }
        return process.stop(grace);
    }

    public void stopIfRunning(Service service) {
        ServiceProcess process = running.remove(service);
        if (process != null) {
            process.close();
        }
    }

    /**
     * The order in which the services are told to stop: the entry point first (no new registration
     * is taken while the others go), the ranker last. They then shut down side by side; each one's
     * graceful shutdown finishes its own work, and what one leaves unread stays in Kafka.
     */
    static final List<Service> STOP_ORDER =
            List.of(Service.REGISTRATION, Service.STREAM, Service.QUERY, Service.RANKING);

    /** Stops the four services with SIGTERM, told in {@link #STOP_ORDER}, all at once; replicas keep running. */
    public void stopServices() {
        ServiceProcess.stopSideBySide(servicesInStopOrder(), (process, code) -> {});
    }

    /** Stops the services and the replicas, all at once. */
    @Override
    public void close() {
        List<ServiceProcess> all = servicesInStopOrder();
        all.addAll(replicas);
        replicas.clear();
        ServiceProcess.stopSideBySide(all, (process, code) -> {});
    }

    private List<ServiceProcess> servicesInStopOrder() {
        List<ServiceProcess> processes = new ArrayList<>();
        for (Service service : STOP_ORDER) {
            ServiceProcess process = running.remove(service);
            if (process != null) {
                processes.add(process);
            }
        }
        return processes;
    }
}
