package babynames.benchmarks;

import babynames.loadgen.ZipfNames;
import babynames.localstack.ServiceStack.Service;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * An endpoint's throughput against its service's trivial endpoint, driven the same way by
 * {@link HttpBlaster}: at each number of connections of a sweep, then bisected between the most
 * connections that held p99 under 50 ms and the fewest above them that did not, and the best
 * figure that held. Runs alternate endpoint and baseline; the row's ratio is the median of the
 * runs' ratios.
 */
final class EndpointThroughput {
    static final double P99_LIMIT_MS = 50;
    /** The warm-up loads the endpoint at the sweep's most connections in windows this long, */
    private static final Duration WARM_UP_WINDOW = Duration.ofSeconds(5);
    /** until this many windows in a row */
    static final int STEADY_WINDOWS = 3;
    /** are within this share of each other, */
    static final double STEADY_SPREAD = 0.05;
    /** or for this long at most. */
    private static final Duration WARM_UP_AT_MOST = Duration.ofMinutes(3);
    /**
     * The bisection stops when the connections that did not hold are at most this factor above
     * the ones that did: the sweep's last steps double, and a point that misses p99 by a few
     * milliseconds would otherwise cost the figure up to half the connections.
     */
    static final double FINEST_STEP = 1.2;

    private final BenchStack stack;
    private final int runs;
    private final int[] connections;
    private final Duration warmup;
    private final Duration measured;

    EndpointThroughput(BenchStack stack, int runs, int[] connections, Duration warmup, Duration measured) {
        this.stack = stack;
        this.runs = runs;
        this.connections = connections;
        this.warmup = warmup;
        this.measured = measured;
    }

    /** {@code POST /baby} (Zipf-drawn names from the ONS lists) against registration-service's {@code GET /health}. */
    BenchResults.Row registrations(List<ZipfNames.Ranked> names) throws Exception {
        ZipfNames zipf = new ZipfNames(names, 1.1, 7);
        List<byte[]> posts = new ArrayList<>();
        for (int i = 0; i < 4096; i++) {
            ZipfNames.Ranked pick = zipf.next();
            String body =
                    "{\"name\":\"" + pick.name() + "\",\"sex\":\"" + pick.sex().wireName() + "\"}";
            posts.add(HttpBlaster.post("/baby", "application/json", body.getBytes(StandardCharsets.UTF_8)));
        }
        return compare(
                Service.REGISTRATION,
                "POST /baby throughput at p99 < 50 ms",
                posts,
                "GET /health of registration-service",
                List.of(HttpBlaster.get("/health")),
                0.5);
    }

    /** {@code GET /top10} against query-api's {@code GET /}, a constant index. */
    BenchResults.Row top10() throws Exception {
        return compare(
                Service.QUERY,
                "GET /top10 throughput (p99 < 50 ms)",
                List.of(HttpBlaster.get("/top10")),
                "GET / of query-api (a constant index)",
                List.of(HttpBlaster.get("/")),
                0.8);
    }

    private BenchResults.Row compare(
            Service service,
            String what,
            List<byte[]> requests,
            String baselineWhat,
            List<byte[]> baselineRequests,
            double target)
            throws Exception {
        int port = stack.services().port(service);
        int most = Arrays.stream(connections).max().orElse(16);
        Map<String, Object> warmUps = new LinkedHashMap<>();
        warmUps.put("endpoint", warmUntilSteady(port, requests, most));
        warmUps.put("baseline", warmUntilSteady(port, baselineRequests, most));
        List<Double> figures = new ArrayList<>();
        List<Double> baselines = new ArrayList<>();
        List<Object> sweeps = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            stack.awaitQuiet();
            List<HttpBlaster.Result> endpoint = sweep(port, requests);
            stack.awaitQuiet();
            List<HttpBlaster.Result> baseline = sweep(port, baselineRequests);
            figures.add(best(endpoint));
            baselines.add(best(baseline));
            Map<String, Object> sweep = new LinkedHashMap<>();
            sweep.put(
                    "endpoint",
                    endpoint.stream().map(HttpBlaster.Result::toString).toList());
            sweep.put(
                    "baseline",
                    baseline.stream().map(HttpBlaster.Result::toString).toList());
            sweeps.add(sweep);
            System.out.printf(Locale.ROOT, "[bench] %s, run %d: %s%n  baseline %s%n", what, run, endpoint, baseline);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(
                "rule",
                "best requests/s over the connection counts whose p99 < 50 ms and all answers 2xx; the sweep's"
                        + " counts, then bisected between the most that held and the fewest above them that did"
                        + " not until those are within " + FINEST_STEP + "x");
        details.put("connections", Arrays.stream(connections).boxed().toList());
        details.put("secondsPerPoint", measured.toSeconds());
        details.put("warmUpRequestsPerSecondByWindow", warmUps);
        details.put("sweeps", sweeps);
        return BenchResults.Row.paired(
                what, figures, "req/s", baselineWhat, baselines, BenchResults.Goal.AT_LEAST, target, details);
    }

    /** The sweep's points, then the bisection's (in the order they ran). */
    private List<HttpBlaster.Result> sweep(int port, List<byte[]> requests) throws Exception {
        List<HttpBlaster.Result> results =
                new ArrayList<>(HttpBlaster.sweep("localhost", port, requests, connections, warmup, measured));
        for (OptionalInt next = bisect(results); next.isPresent(); next = bisect(results)) {
            results.add(HttpBlaster.run("localhost", port, requests, next.getAsInt(), warmup, measured));
        }
        return results;
    }

    /**
     * The next number of connections to try: halfway between the most connections whose point
     * held (p99 under the limit, every answer a 2xx) and the fewest above them whose point did
     * not, until those are within {@link #FINEST_STEP} or next to each other; empty when there is
     * no such pair (nothing held, or the most connections tried held).
     */
    static OptionalInt bisect(List<HttpBlaster.Result> results) {
        int held = results.stream()
                .filter(result -> result.held(P99_LIMIT_MS))
                .mapToInt(HttpBlaster.Result::connections)
                .max()
                .orElse(0);
        OptionalInt missed = results.stream()
                .filter(result -> !result.held(P99_LIMIT_MS) && result.connections() > held)
                .mapToInt(HttpBlaster.Result::connections)
                .min();
        // Next to each other, their midpoint would be the point that held, tried again for ever.
        if (held == 0 || missed.isEmpty() || missed.getAsInt() <= held * FINEST_STEP || missed.getAsInt() - held < 2) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((held + missed.getAsInt()) / 2);
    }

    /**
     * Load at the most connections of the sweep until the throughput holds still: a freshly
     * started JVM is several times slower until the JIT has compiled its hot paths, which on 2
     * cores shared by five JVMs takes from tens of seconds to minutes, so no fixed warm-up fits
     * every start. Returns each window's requests/s.
     */
    private static List<Double> warmUntilSteady(int port, List<byte[]> requests, int connections) throws Exception {
        List<Double> windows = new ArrayList<>();
        long deadline = System.nanoTime() + WARM_UP_AT_MOST.toNanos();
        do {
            windows.add(HttpBlaster.run("localhost", port, requests, connections, Duration.ofSeconds(1), WARM_UP_WINDOW)
                    .requestsPerSecond());
        } while (!steady(windows) && System.nanoTime() < deadline);
        System.out.printf(
                Locale.ROOT, "[bench] warm-up, requests/s by %d s window: %s%n", WARM_UP_WINDOW.toSeconds(), windows);
        return windows;
    }

    /**
     * Whether the last {@link #STEADY_WINDOWS} windows' throughputs are within {@link
     * #STEADY_SPREAD} of each other (the highest at most that much above the lowest).
     */
    static boolean steady(List<Double> windows) {
        if (windows.size() < STEADY_WINDOWS) {
            return false;
        }
        List<Double> last = windows.subList(windows.size() - STEADY_WINDOWS, windows.size());
        double lowest = last.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double highest = last.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return lowest > 0 && highest <= lowest * (1 + STEADY_SPREAD);
    }

    private static double best(List<HttpBlaster.Result> results) {
        HttpBlaster.Result best = HttpBlaster.bestUnder(results, P99_LIMIT_MS);
        return best == null ? 0 : best.requestsPerSecond();
    }
}
