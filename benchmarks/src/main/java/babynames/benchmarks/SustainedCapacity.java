package babynames.benchmarks;

import babynames.loadgen.SearchStep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The whole pipeline's capacity: the highest open-model rate of registrations at which loadgen's
 * objectives hold (HTTP p99 < 50 ms, freshness p99 < 100 ms, errors < 1%, achieved > 95%) and
 * its books balance, found by {@code loadgen --find-max}; against the same run's
 * {@code POST /baby} throughput at p99 < 50 ms, which is what the front door alone takes.
 */
final class SustainedCapacity {
    static final String SLO = "http.p99<50ms,freshness.p99<100ms,errors<1%,achieved>95%";
    private static final Pattern HELD = Pattern.compile("highest rate that held: ([0-9.]+)/s");

    private SustainedCapacity() {}

    /** One search per run, paired with that run's {@code POST /baby} figure ({@code postBaby}'s runs). */
    @SuppressWarnings("unchecked")
    static BenchResults.Row measure(BenchStack stack, Path ons, BenchResults.Row postBaby, Map<String, String> options)
            throws Exception {
        List<Double> frontDoor = (List<Double>) postBaby.details().get("runs");
        String ceiling = options.getOrDefault("capacity-ceiling", "40000");
        String duration = options.getOrDefault("capacity-duration", "15s");
        List<Double> capacities = new ArrayList<>();
        List<List<Map<String, Object>>> searches = new ArrayList<>();
        for (int run = 1; run <= frontDoor.size(); run++) {
            // From a quarter of what the front door takes alone: below that the pipeline has always
            // held, and each step of the search is a whole loadgen run.
            String start =
                    options.getOrDefault("capacity-from", String.valueOf(Math.round(frontDoor.get(run - 1) / 4)));
            stack.awaitQuiet();
            String output = ChildProcesses.output(
                    "loadgen --find-max",
                    LoadGenProcess.command(
                            stack,
                            ons,
                            List.of(
                                    "--rate",
                                    start + "/s",
                                    "--find-max",
                                    ceiling + "/s",
                                    "--warmup",
                                    "10s",
                                    "--duration",
                                    duration,
                                    "--ramp",
                                    "5s",
                                    "--subscribers",
                                    "1",
                                    "--settle",
                                    "20s",
                                    "--slo",
                                    SLO),
                            ChildProcesses.scratchDirectory("bench-capacity")));
            double held = ChildProcesses.lastFigure("loadgen --find-max", output, HELD);
            capacities.add(held);
            searches.add(SearchStep.in(output).stream()
                    .map(SustainedCapacity::details)
                    .toList());
            System.out.printf(
                    Locale.ROOT,
                    "[bench] sustained capacity, run %d: %.0f registrations/s (POST /baby alone: %.0f req/s)%n",
                    run,
                    held,
                    frontDoor.get(run - 1));
        }
        return BenchResults.Row.paired(
                "sustained end-to-end capacity (registrations/s with HTTP p99 < 50 ms, freshness p99 < 100 ms,"
                        + " books balanced)",
                capacities,
                "registrations/s",
                "POST /baby throughput at p99 < 50 ms, same run",
                frontDoor,
                BenchResults.Goal.AT_LEAST,
                0.5,
                Map.of(
                        "loadgen",
                        "--rate <a quarter of the run's POST /baby figure>/s --find-max " + ceiling
                                + "/s --warmup 10s --duration " + duration + " --ramp 5s --subscribers 1 --slo "
                                + SLO,
                        "searches",
                        searches));
    }

    /** A step of a search as the results keep it: a figure the step did not measure is null, not NaN (JSON has none). */
    static Map<String, Object> details(SearchStep step) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("step", step.step());
        details.put("rate", step.rate());
        details.put("held", step.held());
        details.put("httpP99Ms", orNull(step.httpP99Ms()));
        details.put("freshnessP99Ms", orNull(step.freshnessP99Ms()));
        details.put("achievedPercent", orNull(step.achievedPercent()));
        details.put("booksBalanced", step.booksBalanced());
        return details;
    }

    private static Double orNull(double figure) {
        return Double.isNaN(figure) ? null : figure;
    }
}
