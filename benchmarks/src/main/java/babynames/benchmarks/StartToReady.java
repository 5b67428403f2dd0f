package babynames.benchmarks;

import babynames.embedded.FreePorts;
import babynames.localstack.ClassDataCache;
import babynames.localstack.JvmSettings;
import babynames.localstack.ServiceProcess;
import babynames.localstack.ServiceStack.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Start to ready per service, from starting the process to the first 200 of its readiness (the
 * services' {@code /health/readiness}, which waits for Kafka and PostgreSQL; the bare app's
 * {@code GET /}), restarted within the running stack, two ways:
 *
 * <ul>
 *   <li>without a class-data cache, against a bare Micronaut HTTP app with the same JVM flags
 *       ({@link JvmSettings}, {@code LOCAL_JIT}'s compilers included);
 *   <li>with the cache {@link ClassDataTraining} made, against the same service without it.
 * </ul>
 *
 * In every run each service starts bare app, without, with (with before without in even runs), so that
 * each pair sees the same machine; each row's ratio is the median of the runs' ratios.
 */
final class StartToReady {
    private static final Duration POLL_EVERY = Duration.ofMillis(10);

    private StartToReady() {}

    static List<BenchResults.Row> measure(Path root, BenchStack stack, ClassDataCache trained, int runs)
            throws Exception {
        Path bareJar = root.resolve("benchmarks/bare-app/target/bare-app.jar");
        if (!Files.exists(bareJar)) {
            throw new IllegalStateException(bareJar + " is missing: build first with ./mvnw -DskipTests package");
        }
        Map<Service, List<Double>> bare = new EnumMap<>(Service.class);
        Map<Service, List<Double>> without = new EnumMap<>(Service.class);
        Map<Service, List<Double>> with = new EnumMap<>(Service.class);
        for (int run = 1; run <= runs; run++) {
            for (Service service : Service.values()) {
                double bareMillis = timeBareApp(bareJar, stack.services().jvm(service));
                double withoutMillis;
                double withMillis;
                if (run % 2 == 1) {
                    withoutMillis = restart(stack, service, ClassDataCache.off());
                    withMillis = restart(stack, service, trained);
                } else {
                    withMillis = restart(stack, service, trained);
                    withoutMillis = restart(stack, service, ClassDataCache.off());
                }
                bare.computeIfAbsent(service, s -> new ArrayList<>()).add(bareMillis);
                without.computeIfAbsent(service, s -> new ArrayList<>()).add(withoutMillis);
                with.computeIfAbsent(service, s -> new ArrayList<>()).add(withMillis);
                System.out.printf(
                        Locale.ROOT,
                        "[bench] start to ready, run %d: %s %.0f ms, with its class-data cache %.0f ms, bare app %.0f ms%n",
                        run,
                        service.artifact(),
                        withoutMillis,
                        withMillis,
                        bareMillis);
            }
        }
        stack.restartAll(); // as the stack starts them, for what is measured next
        List<BenchResults.Row> rows = new ArrayList<>();
        for (Service service : Service.values()) {
            rows.add(BenchResults.Row.paired(
                    "start to ready: " + service.artifact(),
                    without.get(service),
                    "ms",
                    "bare Micronaut HTTP app, same JVM flags",
                    bare.get(service),
                    BenchResults.Goal.AT_MOST,
                    2.0,
                    Map.of(
                            "jvmFlags",
                            stack.services().jvm(service).flags(),
                            "readiness",
                            "/health/readiness (bare app: GET /)",
                            "classDataCache",
                            "none")));
        }
        for (Service service : Service.values()) {
            rows.add(BenchResults.Row.paired(
                    "start to ready with its class-data cache: " + service.artifact(),
                    with.get(service),
                    "ms",
                    "the same service without it",
                    without.get(service),
                    BenchResults.Goal.AT_MOST,
                    0.6,
                    Map.of("classDataCache", ClassDataTraining.describe(), "readiness", "/health/readiness")));
        }
        return rows;
    }

    /** Stops the service and starts it again with {@code cache}; milliseconds to its readiness. */
    private static double restart(BenchStack stack, Service service, ClassDataCache cache) {
        stack.services().stopIfRunning(service);
        long start = System.nanoTime();
        ServiceProcess process = stack.services().start(service, Map.of(), cache);
        return millisToOk(process, "/health/readiness", start);
    }

    /** The bare app with the JVM flags of the service it is compared with, the JIT mode included. */
    private static double timeBareApp(Path jar, JvmSettings jvm) throws Exception {
        int port = FreePorts.next();
        long start = System.nanoTime();
        try (ServiceProcess bare = ServiceProcess.start(
                "bare-app",
                jar,
                List.of(),
                Map.of("PORT", String.valueOf(port)),
                port,
                line -> {},
                ClassDataCache.off(),
                jvm)) {
            return millisToOk(bare, "/", start);
        }
    }

    /** Waits, asking every 10 ms, until {@code path} answers 200; the milliseconds since {@code start}. */
    private static double millisToOk(ServiceProcess process, String path, long start) {
        process.awaitOk(path, POLL_EVERY, Duration.ofMinutes(2));
        return (System.nanoTime() - start) / 1e6;
    }
}
