package babynames.benchmarks;

import babynames.localstack.ClassDataCache;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * How long a restarted stack takes to serve like a warm one: from starting the four services
 * (broker and PostgreSQL keep running) until they are ready, plus the seconds of load at 500
 * registrations/s (open model, no ramp, loadgen started when all four are ready) until the end of
 * the first one-second window whose HTTP p99 is under 20 ms. A run that never gets there counts
 * all its seconds, a lower bound, and says so. Each run restarts the stack without and with the class-data cache
 * (in turn first), so each pair sees the same machine; both rows are against the goal of 10 s.
 */
final class TimeToWarm {
    static final int RATE = 500;
    static final double WARM_P99_MS = 20;
    static final Duration LOAD = Duration.ofSeconds(60);

    private TimeToWarm() {}

    static List<BenchResults.Row> measure(BenchStack stack, Path ons, ClassDataCache trained, int runs)
            throws Exception {
        List<Double> without = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        List<Object> reports = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            for (ClassDataCache cache :
                    run % 2 == 1 ? List.of(ClassDataCache.off(), trained) : List.of(trained, ClassDataCache.off())) {
                Warming warming = warmUp(stack, ons, cache);
                (cache == trained ? with : without).add((double) warming.millis());
                Map<String, Object> report = new LinkedHashMap<>(warming.toMap());
                report.put("run", run);
                report.put("classDataCache", cache == trained);
                reports.add(report);
                System.out.printf(
                        Locale.ROOT,
                        "[bench] time to warm, run %d, %s: %s%n",
                        run,
                        cache == trained ? "with the class-data cache" : "without",
                        warming);
            }
        }
        stack.restartAll();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(
                "rule",
                "from starting the four services: until ready, plus the seconds of load at " + RATE
                        + " registrations/s until the end of the first 1 s window with HTTP p99 < " + (int) WARM_P99_MS
                        + " ms (" + LOAD.toSeconds() + " s of load at most)");
        details.put("classDataCache", ClassDataTraining.describe());
        details.put("warmings", reports);
        return List.of(
                row("without a class-data cache", without, details), row("with the class-data cache", with, details));
    }

    private static BenchResults.Row row(String how, List<Double> runs, Map<String, Object> shared) {
        Map<String, Object> details = new LinkedHashMap<>(shared);
        details.put("runs", runs);
        return new BenchResults.Row(
                "time to warm " + how + " (" + RATE + " registrations/s, a 1 s window with p99 < " + (int) WARM_P99_MS
                        + " ms)",
                BenchResults.median(runs),
                "ms",
                "limit",
                10_000,
                BenchResults.Goal.AT_MOST,
                1.0,
                details);
    }

    /** One restart with {@code cache}, then load until the end: when it was warm. */
    private static Warming warmUp(BenchStack stack, Path ons, ClassDataCache cache) throws Exception {
        stack.awaitQuiet();
        // From starting the processes: stopping the ones before (draining, committing) is not
        // the new ones' start.
        stack.services().stopServices();
        long startedAt = System.currentTimeMillis();
        stack.startAll(cache);
        stack.services().awaitAllReady(Duration.ofMinutes(3));
        long readyAt = System.currentTimeMillis();
        Map<String, Object> report =
                LoadGenProcess.atRate(stack, ons, RATE, LOAD, Duration.ZERO, List.of("--settle", "20s"));
        if (report.get("problems") instanceof List<?> problems && !problems.isEmpty()) {
            throw new IllegalStateException("loadgen's books did not balance: " + problems);
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Number>> seconds = (List<Map<String, Number>>) report.get("seconds");
        long loadFrom = ((Number) report.get("secondsFromEpochMs")).longValue();
        OptionalInt warm = firstWarmSecond(seconds, WARM_P99_MS);
        // Never warm within the run: the whole run is the figure, a lower bound, and it says so.
        int windowsUntilWarm = warm.isPresent() ? warm.getAsInt() + 1 : seconds.size();
        // The seconds loadgen itself takes to start (its JVM, the names, its subscriber) are left
        // out; ranking-service is busy then, answering the count of every name loadgen will use.
        long warmMillis = readyAt - startedAt + 1000L * windowsUntilWarm;
        List<Double> p99s = seconds.stream()
                .map(second -> second.get("p99Ms").doubleValue())
                .toList();
        return new Warming(warmMillis, readyAt - startedAt, loadFrom - readyAt, warm.isPresent(), p99s);
    }

    /**
     * The index of the first one-second window with p99 under {@code limitMs} that served requests,
     * if any.
     */
    static OptionalInt firstWarmSecond(List<? extends Map<String, ? extends Number>> seconds, double limitMs) {
        for (int i = 0; i < seconds.size(); i++) {
            Map<String, ? extends Number> second = seconds.get(i);
            Number p99 = second.get("p99Ms");
            Number achieved = second.get("achievedPerSecond");
            if (p99 != null && achieved != null && achieved.doubleValue() > 0 && p99.doubleValue() < limitMs) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * Milliseconds from starting the services until warm (ready, then the seconds of load until the
     * first warm one) and until ready; loadgen's own start between the two; the p99 of every second.
     */
    record Warming(
            long millis, long readyMillis, long loadgenStartMillis, boolean warmWithinRun, List<Double> p99ByWindow) {
        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("warmMs", millis);
            map.put("readyMs", readyMillis);
            map.put("loadgenStartMs", loadgenStartMillis);
            map.put("warmWithinRun", warmWithinRun);
            map.put("p99MsByWindow", p99ByWindow);
            return map;
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%s %d ms (ready in %d ms), first windows' p99 %s ms",
                    warmWithinRun ? "warm in" : "not warm within the run:",
                    millis,
                    readyMillis,
                    p99ByWindow.subList(0, Math.min(10, p99ByWindow.size())));
        }
    }
}
