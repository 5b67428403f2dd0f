package babynames.benchmarks;

import babynames.embedded.FreePorts;
import babynames.localstack.ServiceProcess;
import babynames.localstack.ServiceStack.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Start to ready per service against a bare Micronaut HTTP app with the same JVM flags
 * ({@link ServiceProcess#JVM_FLAGS}): from starting the process to the first 200 of its readiness
 * (the services' {@code /health/readiness}, which waits for Kafka and PostgreSQL; the bare app's
 * {@code GET /}). Each service is restarted within the running stack; runs alternate with the
 * bare app so both see the same machine.
 */
final class StartToReady {
    private static final Duration POLL_EVERY = Duration.ofMillis(10);

    private StartToReady() {}

    static List<BenchResults.Row> measure(Path root, BenchStack stack, int runs) throws Exception {
        Path bareJar = root.resolve("benchmarks/bare-app/target/bare-app.jar");
        if (!Files.exists(bareJar)) {
            throw new IllegalStateException(bareJar + " is missing: build first with ./mvnw -DskipTests package");
        }
        List<Double> bare = new ArrayList<>();
        Map<Service, List<Double>> services = new EnumMap<>(Service.class);
        for (int run = 1; run <= runs; run++) {
            for (Service service : Service.values()) {
                bare.add(timeBareApp(bareJar));
                stack.services().stopIfRunning(service);
                long start = System.nanoTime();
                ServiceProcess process = stack.services().start(service);
                double millis = millisToOk(process, "/health/readiness", start);
                services.computeIfAbsent(service, s -> new ArrayList<>()).add(millis);
                System.out.printf(
                        Locale.ROOT,
                        "[bench] start to ready, run %d: %s %.0f ms, bare app %.0f ms%n",
                        run,
                        service.artifact(),
                        millis,
                        bare.get(bare.size() - 1));
            }
        }
        double bareMedian = BenchResults.median(bare);
        List<BenchResults.Row> rows = new ArrayList<>();
        for (Service service : Service.values()) {
            List<Double> times = services.get(service);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("runs", times);
            details.put("bareAppRuns", bare);
            details.put("jvmFlags", ServiceProcess.JVM_FLAGS);
            details.put("readiness", "/health/readiness (bare app: GET /)");
            rows.add(new BenchResults.Row(
                    "start to ready: " + service.artifact(),
                    BenchResults.median(times),
                    "ms",
                    "bare Micronaut HTTP app, same JVM flags",
                    bareMedian,
                    BenchResults.Goal.AT_MOST,
                    2.0,
                    details));
        }
        return rows;
    }

    private static double timeBareApp(Path jar) throws Exception {
        int port = FreePorts.next();
        long start = System.nanoTime();
        try (ServiceProcess bare = ServiceProcess.start(
                "bare-app", jar, List.of(), Map.of("PORT", String.valueOf(port)), port, line -> {})) {
            return millisToOk(bare, "/", start);
        }
    }

    /** Waits, asking every 10 ms, until {@code path} answers 200; the milliseconds since {@code start}. */
    private static double millisToOk(ServiceProcess process, String path, long start) {
        process.awaitOk(path, POLL_EVERY, Duration.ofMinutes(2));
        return (System.nanoTime() - start) / 1e6;
    }
}
