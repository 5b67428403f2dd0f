package babynames.benchmarks;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** {@code --name value} pairs of a benchmark's command line. */
final class BenchOptions {
    private BenchOptions() {}

    /** {@code --ons DIR}, else the ONS 2015 files in {@code ../shared} beside the repository. */
    static Path ons(Map<String, String> options, Path root) {
        return Path.of(options.getOrDefault(
                "ons", shared(root).resolve("data/ons-2015").toString()));
    }

    /** {@code --baseline-script FILE}, else the ONS reference's pgbench script in {@code ../shared}. */
    static Path baselineScript(Map<String, String> options, Path root) {
        return Path.of(options.getOrDefault(
                "baseline-script",
                shared(root).resolve("bench/ons-baseline/run.sh").toString()));
    }

    private static Path shared(Path root) {
        return root.resolve("..").resolve("shared").normalize();
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("Expected --name value pairs, got " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
