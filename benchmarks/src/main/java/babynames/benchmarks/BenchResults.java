package babynames.benchmarks;

import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a benchmark's rows (figure, baseline, ratio, target) as JSON and a markdown table to bench/results. */
final class BenchResults {
    private BenchResults() {}

    /** One measured figure against its baseline from the same run. */
    record Row(
            String what,
            double figure,
            String baselineWhat,
            double baseline,
            double target,
            Map<String, Object> details) {
        double ratio() {
            return figure / baseline;
        }
    }

    static void write(Path root, String name, List<Row> rows) throws IOException {
        Path dir = root.resolve("bench").resolve("results");
        Files.createDirectories(dir);
        String stem = name + "-" + RankerBenchmark.today();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("benchmark", name);
        document.put("measuredAt", Instant.now().toString());
        document.put(
                "machine",
                Map.of(
                        "cores", Runtime.getRuntime().availableProcessors(),
                        "memoryGiB", Math.round(totalMemoryGiB()),
                        "java", System.getProperty("java.version")));
        document.put(
                "rows",
                rows.stream()
                        .map(row -> {
                            Map<String, Object> json = new LinkedHashMap<>();
                            json.put("what", row.what());
                            json.put("figure", row.figure());
                            json.put("baselineWhat", row.baselineWhat());
                            json.put("baseline", row.baseline());
                            json.put("ratio", row.ratio());
                            json.put("target", row.target());
                            json.put("met", row.ratio() >= row.target());
                            json.put("details", row.details());
                            return json;
                        })
                        .toList());
        Files.writeString(
                dir.resolve(stem + ".json"), JsonMapper.createDefault().writeValueAsString(document) + "\n");
        StringBuilder table =
                new StringBuilder("| what | figure | baseline | ratio | target |\n| --- | --- | --- | --- | --- |\n");
        for (Row row : rows) {
            table.append(String.format(
                    Locale.ROOT,
                    "| %s | %.0f | %.0f (%s) | %.1fx | %.1fx |%n",
                    row.what(),
                    row.figure(),
                    row.baseline(),
                    row.baselineWhat(),
                    row.ratio(),
                    row.target()));
        }
        Files.writeString(dir.resolve(stem + ".md"), table.toString(), StandardCharsets.UTF_8);
        System.out.print(table);
        System.out.println("[bench] written to " + dir.resolve(stem + ".json"));
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
