package babynames.benchmarks;

import babynames.localstack.JvmSettings;
import babynames.localstack.ServiceStack.Service;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end freshness (POST sent to SSE {@code baby} event received) at 1,000 registrations/s,
 * measured by loadgen in a JVM of its own against the running stack, and each service's resident
 * memory, sampled every 500 ms while the load runs. A warm-up run comes first and is not counted.
 */
final class FreshnessAtLoad {
    /** The freshness row, then one memory row per service. */
    static List<BenchResults.Row> measure(
            BenchStack stack, Path ons, int rate, String duration, int subscribers, int runs) throws Exception {
        loadgen(stack, ons, rate, "10s", subscribers); // warm-up
        List<Double> p99s = new ArrayList<>();
        List<Object> reports = new ArrayList<>();
        Map<Service, Long> peakRss = new EnumMap<>(Service.class);
        for (int run = 1; run <= runs; run++) {
            try (RssSampler sampler = new RssSampler(stack)) {
                stack.awaitQuiet();
                Map<String, Object> report = loadgen(stack, ons, rate, duration, subscribers);
                if (!Boolean.TRUE.equals(report.get("passed"))) {
                    // A freshness figure is worth nothing if registrations went missing (or none went through).
                    throw new IllegalStateException("loadgen's books did not balance: " + report.get("problems"));
                }
                sampler.peaks().forEach((service, mib) -> peakRss.merge(service, mib, Math::max));
                Map<String, Object> figures = figures(report);
                p99s.add(((Number) figures.get("freshness.p99")).doubleValue());
                Map<String, Object> summary = new LinkedHashMap<>(figures);
                summary.put("books", report.get("books"));
                summary.put("passed", report.get("passed"));
                reports.add(summary);
                System.out.printf(Locale.ROOT, "[bench] freshness at %d/s, run %d: %s%n", rate, run, summary);
            }
        }
        List<BenchResults.Row> rows = new ArrayList<>();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(
                "loadgen",
                "--rate " + rate + "/s --duration " + duration + " --subscribers " + subscribers + " --names " + ons
                        + " (after a 10 s warm-up run)");
        details.put("runs", p99s);
        details.put("reports", reports);
        rows.add(new BenchResults.Row(
                "end-to-end freshness p99 (POST to SSE baby event) at " + rate + " registrations/s",
                BenchResults.median(p99s),
                "ms",
                "limit",
                100,
                BenchResults.Goal.AT_MOST,
                1.0,
                details));
        for (Service service : Service.values()) {
            JvmSettings jvm = stack.services().jvm(service);
            rows.add(new BenchResults.Row(
                    "memory: " + service.artifact() + " peak RSS at " + rate + " registrations/s",
                    peakRss.getOrDefault(service, -1L),
                    "MiB",
                    "limit",
                    256,
                    BenchResults.Goal.AT_MOST,
                    1.0,
                    Map.of("jvmFlags", jvm.flags(), "environment", jvm.environment(), "sampledEveryMs", 500)));
        }
        return rows;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> figures(Map<String, Object> report) {
        return (Map<String, Object>) report.get("figures");
    }

    private static Map<String, Object> loadgen(BenchStack stack, Path ons, int rate, String duration, int subscribers)
            throws Exception {
        return LoadGenProcess.run(
                stack,
                ons,
                List.of(
                        "--rate",
                        rate + "/s",
                        "--duration",
                        duration,
                        "--ramp",
                        "3s",
                        "--subscribers",
                        String.valueOf(subscribers)));
    }

    /** Samples each service's RSS in the background and keeps the peak. */
    private static final class RssSampler implements AutoCloseable {
        private final Map<Service, Long> peaks = new EnumMap<>(Service.class);
        private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

        RssSampler(BenchStack stack) {
            scheduler.scheduleAtFixedRate(
                    () -> {
                        for (Service service : Service.values()) {
                            long rss = ProcessMemory.rssMiB(
                                    stack.services().process(service).pid());
                            synchronized (peaks) {
                                peaks.merge(service, rss, Math::max);
                            }
                        }
                    },
                    0,
                    500,
                    TimeUnit.MILLISECONDS);
        }

        Map<Service, Long> peaks() {
            synchronized (peaks) {
                return new EnumMap<>(peaks);
            }
        }

        @Override
        public void close() {
            scheduler.shutdownNow();
        }
    }
}
