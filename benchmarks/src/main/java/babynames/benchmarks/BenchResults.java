package babynames.benchmarks;

import babynames.localstack.JitMode;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a benchmark's rows (figure, baseline, ratio, target) as JSON and a markdown table to bench/results. */
final class BenchResults {
    private BenchResults() {}

    /** Whether a row's ratio must reach its target or stay within it. */
    enum Goal {
        AT_LEAST(">="),
        AT_MOST("<=");

        private final String sign;

        Goal(String sign) {
            this.sign = sign;
        }

        boolean met(double ratio, double target) {
            return this == AT_LEAST ? ratio >= target : ratio <= target;
        }
    }

    /**
     * One measured figure against its baseline from the same run. Where SPEC section 7 gives no
     * baseline, only a limit (freshness, fan-out, memory, whole-stack start), the limit is the
     * baseline and the target ratio is 1. A row measured as pairs (figure and baseline back to back,
     * once per run) keeps each run's ratio: its ratio is their median, with their min and max.
     */
    record Row(
            String what,
            double figure,
            String unit,
            String baselineWhat,
            double baseline,
            Goal goal,
            double target,
            Map<String, Object> details,
            List<Double> runRatios) {
        Row(
                String what,
                double figure,
                String unit,
                String baselineWhat,
                double baseline,
                Goal goal,
                double target,
                Map<String, Object> details) {
            this(what, figure, unit, baselineWhat, baseline, goal, target, details, List.of());
        }

        /**
         * A row of {@code figures[i]} against {@code baselines[i]}, each pair from run i: the medians,
         * and the median of the per-run ratios.
         */
        static Row paired(
                String what,
                List<Double> figures,
                String unit,
                String baselineWhat,
                List<Double> baselines,
                Goal goal,
                double target,
                Map<String, Object> details) {
            if (figures.size() != baselines.size() || figures.isEmpty()) {
                throw new IllegalArgumentException(
                        "one baseline per figure, at least one: " + figures + " against " + baselines);
            }
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < figures.size(); i++) {
                ratios.add(figures.get(i) / baselines.get(i));
            }
            Map<String, Object> withRuns = new LinkedHashMap<>(details);
            withRuns.put("runs", figures);
            withRuns.put("baselineRuns", baselines);
            return new Row(
                    what, median(figures), unit, baselineWhat, median(baselines), goal, target, withRuns, ratios);
        }

        double ratio() {
            return runRatios.isEmpty() ? figure / baseline : median(runRatios);
        }

        double ratioMin() {
            return runRatios.isEmpty() ? ratio() : Collections.min(runRatios);
        }

        double ratioMax() {
            return runRatios.isEmpty() ? ratio() : Collections.max(runRatios);
        }

        boolean met() {
            return goal.met(ratio(), target);
        }
    }

    static void write(Path root, String name, List<Row> rows) throws IOException {
        writeAs(root, name + "-" + today(), name, rows);
    }

    /** Writes {@code bench/results/<stem>.json} and {@code .md}. */
    static void writeAs(Path root, String stem, String name, List<Row> rows) throws IOException {
        Path dir = root.resolve("bench").resolve("results");
        Files.createDirectories(dir);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("benchmark", name);
        document.put("measuredAt", Instant.now().toString());
        document.put("machine", machine());
        document.put("servicesJit", servicesJit().toString());
        document.put("rows", rows.stream().map(BenchResults::json).toList());
        Files.writeString(
                dir.resolve(stem + ".json"), JsonMapper.createDefault().writeValueAsString(document) + "\n");
        String table = table(rows);
        Files.writeString(dir.resolve(stem + ".md"), table, StandardCharsets.UTF_8);
        System.out.print(table);
        System.out.println("[bench] written to " + dir.resolve(stem + ".json"));
    }

    /** The median of a benchmark's runs. */
    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String today() {
        return LocalDate.now().toString();
    }

    /** The services compile as {@code LOCAL_JIT} says (tiered unless it says c1), and the results say which. */
    static JitMode servicesJit() {
        return JitMode.fromEnvironment(System.getenv());
    }

    static Map<String, Object> machine() {
        return Map.of(
                "cores", Runtime.getRuntime().availableProcessors(),
                "memoryGiB", Math.round(totalMemoryGiB()),
                "java", System.getProperty("java.version"));
    }

    static String table(List<Row> rows) {
        StringBuilder table = new StringBuilder(
                "| what | figure | baseline (same run) | ratio (min-max of runs) | target | met |\n| --- | --- | --- | --- | --- | --- |\n");
        for (Row row : rows) {
            table.append(String.format(
                    Locale.ROOT,
                    "| %s | %s %s | %s: %s %s | %s | %s %sx | %s |%n",
                    row.what(),
                    number(row.figure()),
                    row.unit(),
                    row.baselineWhat(),
                    number(row.baseline()),
                    row.unit(),
                    ratio(row),
                    row.goal().sign,
                    decimals(row.target()),
                    row.met() ? "yes" : "**no**"));
        }
        return table.toString();
    }

    private static Map<String, Object> json(Row row) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("what", row.what());
        json.put("figure", row.figure());
        json.put("unit", row.unit());
        json.put("baselineWhat", row.baselineWhat());
        json.put("baseline", row.baseline());
        json.put("ratio", row.ratio());
        if (!row.runRatios().isEmpty()) {
            json.put("ratioMin", row.ratioMin());
            json.put("ratioMax", row.ratioMax());
            json.put("runRatios", row.runRatios());
        }
        json.put("goal", row.goal().sign);
        json.put("target", row.target());
        json.put("met", row.met());
        json.put("details", row.details());
        return json;
    }

    /** {@code 0.52x}, and for a row of several paired runs {@code 0.52x (0.49-0.55)}. */
    static String ratio(Row row) {
        String median = decimals(row.ratio()) + "x";
        return row.runRatios().size() < 2
                ? median
                : median + " (" + decimals(row.ratioMin()) + "-" + decimals(row.ratioMax()) + ")";
    }

    private static String number(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : decimals(value);
    }

    private static String decimals(double value) {
        return String.format(Locale.ROOT, value >= 10 ? "%.0f" : "%.2f", value);
    }

    private static double totalMemoryGiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0;
                }
            }
        } catch (IOException e) {
            // Not Linux: leave it out.
        }
        return 0;
    }
}
