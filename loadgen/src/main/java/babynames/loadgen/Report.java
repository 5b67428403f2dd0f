package babynames.loadgen;

import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/** What a run measured and whether the books balance: a table, JSON and a latency plot. */
final class Report {
    private final Options options;
    private final Map<String, Double> figures = new LinkedHashMap<>();
    private final Map<String, Object> books = new LinkedHashMap<>();
    private final List<Map<String, Double>> seconds;
    private long measuredFromEpochMillis;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Double> invariants = new LinkedHashMap<>();

    private Report(Options options, List<Map<String, Double>> seconds) {
        this.options = options;
        this.seconds = seconds;
    }

    static Report of(
            Options options,
            Arrivals arrivals,
            LoadGen.Run run,
            Registrar registrar,
            StreamWatchers watchers,
            int subscribers,
            Map<String, Long> countedDelta,
            Set<String> keys) {
        Report report = new Report(options, run.seconds);
        report.measuredFromEpochMillis = run.measuredFromEpochMillis;
        Histogram http = run.latencyMicros;
        watchers.freshness().settle();
        Histogram freshness = watchers.freshness().all();
        watchers.freshness().bySecond().forEach((second, histogram) -> {
            if (second <= report.seconds.size()) {
                report.seconds.get(second - 1).put("freshnessP99Ms", histogram.getValueAtPercentile(99) / 1000.0);
            }
        });
        // Rates, latency and freshness are of the measured part; errors and the books include the warm-up.
        double runSeconds = (run.endNanos - run.startNanos) / 1e9;
        long offered = arrivals.total();
        long warmUp = arrivals.dueBy(options.warmup());
        long accepted = registrar.book.acceptedCount();
        long acceptedMeasured = registrar.acceptedMeasured.get();
        long notAccepted = registrar.sent.get() - accepted + registrar.dropped.get();
        report.figures.put("offered.rate", (offered - warmUp) / runSeconds);
        report.figures.put("achieved.rate", acceptedMeasured / runSeconds);
        report.figures.put("achieved", 100.0 * acceptedMeasured / Math.max(1, offered - warmUp));
        report.figures.put("errors", 100.0 * notAccepted / Math.max(1, offered));
        report.figures.put("http.p50", ms(http, 50));
        report.figures.put("http.p99", ms(http, 99));
        report.figures.put("http.p999", ms(http, 99.9));
        report.figures.put("http.max", http.getMaxValue() / 1000.0);
        report.figures.put("freshness.p50", ms(freshness, 50));
        report.figures.put("freshness.p99", ms(freshness, 99));
        report.figures.put("freshness.max", freshness.getMaxValue() / 1000.0);

        long missingOnStream = registrar.book.acceptedSeenByFewerThan(subscribers);
        long lost = 0;
        long doubled = 0;
        for (String key : keys) {
            var acceptedForName = registrar.acceptedByName.get(key);
            long expected = acceptedForName == null ? 0 : acceptedForName.get();
            long counted = countedDelta.getOrDefault(key, 0L);
            lost += Math.max(0, expected - counted);
            doubled += Math.max(0, counted - expected);
        }
        report.books.put("offered", offered);
        report.books.put("ofWhichWarmUp", warmUp);
        report.books.put("sent", registrar.sent.get());
        report.books.put("accepted", accepted);
        report.books.put("retriedAfter503", registrar.retried.get());
        report.books.put("retriedAfter409", registrar.retriedInProgress.get());
        report.books.put("retriedAfterNoAnswer", registrar.retriedAfterNoAnswer.get());
        report.books.put("unknownAfterLastAttempt", registrar.unavailable.get());
        report.books.put("otherAnswers", registrar.otherStatus.get());
        report.books.put("failed", registrar.failed.get());
        report.books.put("droppedByClient", registrar.dropped.get());
        report.books.put("subscribers", subscribers);
        report.books.put("streamsResumed", watchers.resumed.get());
        report.books.put("acceptedNotSeenByEverySubscriber", missingOnStream);
        report.books.put("countedLost", lost);
        report.books.put("countedTwice", doubled);
        if (accepted == 0 && offered > 0) {
            report.problems.add("no registration was accepted: there were no books to check");
        }
        if (missingOnStream > 0) {
            report.problems.add(missingOnStream + " accepted registrations did not reach every subscriber");
        }
        if (lost > 0 || doubled > 0) {
            report.problems.add("counts off: " + lost + " accepted but not counted, " + doubled + " counted too often"
                    + " (another client registering the same names at the same time would also do this)");
        }
        return report;
    }

    void invariants(Map<String, Double> before, Map<String, Double> after) {
        after.forEach((name, value) -> invariants.put(name, value - before.getOrDefault(name, 0.0)));
    }

    /** A figure of the measured part ({@code http.p99}, {@code freshness.p99}, ...), NaN if there is none. */
    double figure(String name) {
        return figures.getOrDefault(name, Double.NaN);
    }

    boolean booksBalanced() {
        return problems.isEmpty();
    }

    boolean passed() {
        return problems.isEmpty() && missedSlos().isEmpty();
    }

    List<String> missedSlos() {
        return options.slos().stream()
                .filter(slo -> !slo.metBy(figures))
                .map(Slo::text)
                .toList();
    }

    void print() {
        StringBuilder table = new StringBuilder("\n| figure | value |\n| --- | --- |\n");
        figures.forEach((name, value) ->
                table.append(String.format(Locale.ROOT, "| %s | %.1f%s |%n", name, value, unit(name))));
        books.forEach((name, value) ->
                table.append("| ").append(name).append(" | ").append(value).append(" |\n"));
        invariants.forEach((name, value) ->
                table.append(String.format(Locale.ROOT, "| invariant counter %s (change) | %.0f |%n", name, value)));
        System.out.print(table);
        problems.forEach(problem -> System.out.println("[loadgen] BOOKS: " + problem));
        for (Slo slo : options.slos()) {
            System.out.printf(
                    Locale.ROOT,
                    "[loadgen] SLO %s: %s (%.1f)%n",
                    slo.text(),
                    slo.metBy(figures) ? "met" : "MISSED",
                    figures.get(slo.metric()));
        }
        System.out.println(passed() ? "[loadgen] PASSED" : "[loadgen] FAILED");
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        String stem = "loadgen-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss"));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("figures", figures);
        document.put("books", books);
        document.put("invariantCounterChanges", invariants);
        document.put("slos", options.slos().stream().map(Slo::text).toList());
        document.put("missedSlos", missedSlos());
        document.put("problems", problems);
        document.put("passed", passed());
        // when the first of the seconds began (wall clock): a benchmark times it from a process start
        document.put("secondsFromEpochMs", measuredFromEpochMillis);
        document.put("seconds", seconds);
        Files.writeString(
                dir.resolve(stem + ".json"),
                JsonMapper.createDefault().writeValueAsString(document) + "\n",
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(stem + ".html"), Plot.html(stem, seconds, figures), StandardCharsets.UTF_8);
        System.out.println("[loadgen] results in " + dir.resolve(stem + ".json") + " and .html");
    }

    private static double ms(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    private static String unit(String figure) {
        if (figure.endsWith(".rate")) {
            return "/s";
        }
        return figure.startsWith("http") || figure.startsWith("freshness") ? " ms" : " %";
    }
}
