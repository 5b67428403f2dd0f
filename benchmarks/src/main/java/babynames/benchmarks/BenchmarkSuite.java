package babynames.benchmarks;

import babynames.loadgen.ZipfNames;
import babynames.localstack.ClassDataCache;
import babynames.localstack.ServiceStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every row of SPEC section 7 in one run, each against its baseline measured in the same run:
 * starts the local stack with the ONS baseline imported (timing it), restarts each service against
 * a bare Micronaut app, drives {@code POST /baby} and {@code GET /top10} against their services'
 * trivial endpoints, batch intake against Kafka's ProducerPerformance, freshness and memory at
 * 1,000 registrations/s with loadgen; then the ranker against the ONS reference's pgbench script
 * and the SSE fan-out, each on a broker and PostgreSQL of its own. Writes
 * {@code bench/results/<date>.json} and {@code .md}.
 *
 * <p>{@code ./bench.sh [--only start,http,batch,freshness,ranker,fanout] [--runs 3] [--ons DIR]}
 */
public final class BenchmarkSuite {
    private static final List<String> PARTS = List.of("start", "http", "batch", "freshness", "ranker", "fanout");

    private BenchmarkSuite() {}

    public static void main(String[] args) throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::stopAll, "stop-child-processes"));
        Map<String, String> options = BenchOptions.parse(args);
        Set<String> only =
                Set.of(options.getOrDefault("only", String.join(",", PARTS)).split(","));
        if (!PARTS.containsAll(only)) {
            throw new IllegalArgumentException("--only takes some of " + PARTS + ", got " + only);
        }
        int runs = Integer.parseInt(options.getOrDefault("runs", "3"));
        Path root = ServiceStack.findRepoRoot();
        Path ons = BenchOptions.ons(options, root);
        Path baselineScript = BenchOptions.baselineScript(options, root);
        List<ZipfNames.Ranked> names = ZipfNames.readOns(ons);

        List<BenchResults.Row> rows = new ArrayList<>();
        if (only.contains("start") || only.contains("http") || only.contains("batch") || only.contains("freshness")) {
            try (BenchStack stack = BenchStack.start(root, ons)) {
                System.out.println("[bench] stack ready in " + stack.readyMillis() + " ms " + stack.phasesMillis());
                if (only.contains("start")) {
                    rows.add(new BenchResults.Row(
                            "start to ready: whole local stack (broker, PostgreSQL, ONS import, four services)",
                            stack.readyMillis(),
                            "ms",
                            "limit",
                            60_000,
                            BenchResults.Goal.AT_MOST,
                            1.0,
                            Map.of("phasesEndAtMs", new LinkedHashMap<>(stack.phasesMillis()))));
                    ClassDataCache trained = ClassDataTraining.train(stack, ons);
                    rows.addAll(StartToReady.measure(root, stack, trained, runs));
                    rows.addAll(TimeToWarm.measure(stack, ons, trained, runs));
                }
                if (only.contains("http")) {
                    EndpointThroughput http = new EndpointThroughput(
                            stack,
                            runs,
                            ints(options.getOrDefault("connections", "4,16,64,128,256")),
                            Duration.ofSeconds(2),
                            Duration.ofSeconds(Long.parseLong(options.getOrDefault("http-seconds", "5"))));
                    BenchResults.Row postBaby = http.registrations(names);
                    rows.add(postBaby);
                    rows.add(http.top10());
                    rows.add(SustainedCapacity.measure(stack, ons, postBaby, options));
                }
                if (only.contains("batch")) {
                    rows.add(BatchIntake.measure(
                            stack,
                            names,
                            runs,
                            Long.parseLong(options.getOrDefault("producer-records", "1500000")),
                            Duration.ofSeconds(Long.parseLong(options.getOrDefault("http-seconds", "5")))));
                }
                if (only.contains("freshness")) {
                    rows.addAll(FreshnessAtLoad.measure(
                            stack,
                            ons,
                            Integer.parseInt(options.getOrDefault("rate", "1000")),
                            options.getOrDefault("freshness-duration", "30s"),
                            Integer.parseInt(options.getOrDefault("subscribers", "1")),
                            runs));
                }
            }
        }
        if (only.contains("ranker")) {
            rows.addAll(RankerBenchmark.measure(
                    root,
                    ons,
                    baselineScript,
                    Integer.parseInt(options.getOrDefault("events", "200000")),
                    runs,
                    Integer.parseInt(options.getOrDefault("baseline-seconds", "20"))));
        }
        if (only.contains("fanout")) {
            rows.addAll(FanoutBenchmark.measure(
                    root,
                    ints(options.getOrDefault("fanout-steps", "1000,2500,5000,7500,10000,12500,15000")),
                    ints(options.getOrDefault("fanout-rates", "10,2")),
                    Integer.parseInt(options.getOrDefault("fanout-seconds", "15"))));
        }
        String stem = BenchResults.today() + (options.containsKey("only") ? "-" + String.join("-", only) : "");
        BenchResults.writeAs(root, stem, "suite", rows);
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
