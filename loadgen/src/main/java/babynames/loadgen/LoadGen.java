package babynames.loadgen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The load generator (SPEC section 8): registrations at an open-model rate with a ramp, names
 * drawn from a Zipf distribution, SSE subscribers timing each registration's arrival, and at the
 * end the books: every 202 seen on the stream by every subscriber and counted exactly once.
 *
 * <p>{@code java -jar loadgen/target/loadgen.jar --rate 200/s --duration 30s --subscribers 10 --slo http.p99<50ms}
 * (see {@link Options#USAGE}). Exit code 0 when the books balance and every SLO is met, 1 when
 * not, 2 for a wrong command line.
 */
public final class LoadGen {
    private LoadGen() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    /** Runs one load; returns the exit code. */
    public static int run(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        if (options.findMax() > 0) {
            return findMax(options);
        }
        return measure(options).passed() ? 0 : 1;
    }

    /**
     * Runs the load at one rate after another ({@link CapacitySearch}) and prints every step and
     * the highest rate that held; 0 when one did, 1 when none did.
     */
    private static int findMax(Options options) throws Exception {
        CapacitySearch search = new CapacitySearch(options.rate(), options.findMax(), 1.5, 0.05);
        StringBuilder table = new StringBuilder("\n").append(SearchStep.TABLE_HEAD);
        for (OptionalDouble rate = search.next(); rate.isPresent(); rate = search.next()) {
            int step = search.steps().size() + 1;
            System.out.printf(Locale.ROOT, "[loadgen] find-max step %d: %.0f/s%n", step, rate.getAsDouble());
            Report report = measure(options.atRate(rate.getAsDouble()));
            search.record(rate.getAsDouble(), outcome(report));
            table.append(new SearchStep(
                            step,
                            rate.getAsDouble(),
                            report.passed(),
                            report.figure("http.p99"),
                            report.figure("freshness.p99"),
                            report.figure("achieved"),
                            report.booksBalanced())
                    .row());
        }
        System.out.print(table);
        OptionalDouble highest = search.highestHeld();
        if (highest.isEmpty()) {
            System.out.println("[loadgen] find-max: no rate held");
            return 1;
        }
        System.out.printf(Locale.ROOT, "[loadgen] find-max: highest rate that held: %.0f/s%n", highest.getAsDouble());
        return 0;
    }

    private static CapacitySearch.Outcome outcome(Report report) {
        if (report.passed()) {
            return CapacitySearch.Outcome.HELD;
        }
        return report.booksBalanced() ? CapacitySearch.Outcome.MISSED : CapacitySearch.Outcome.BOOKS_OFF;
    }

    /** Runs one load at the options' rate: prints and writes its report, and returns it. */
    static Report measure(Options options) throws Exception {
        ZipfNames zipf = new ZipfNames(
                options.names() == null ? ZipfNames.builtIn() : ZipfNames.readOns(options.names()),
                1.1,
                options.seed());
        // One schedule: the ramp starts the warm-up, and the measured part follows it without a pause.
        Arrivals arrivals =
                new Arrivals(options.rate(), options.ramp(), options.warmup().plus(options.duration()));
        List<ZipfNames.Ranked> picks = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        for (long i = 0; i < arrivals.total(); i++) {
            ZipfNames.Ranked pick = zipf.next();
            picks.add(pick);
            keys.add(Registrar.key(pick.sex(), pick.name()));
        }
        System.out.printf(
                Locale.ROOT,
                "[loadgen] %d registrations over %s (%.0f/s after a %s ramp), %s of them a warm-up, %d names,"
                        + " %d subscribers%n",
                picks.size(),
                options.warmup().plus(options.duration()),
                options.rate(),
                options.ramp(),
                options.warmup(),
                keys.size(),
                options.subscribers());

        // Made before the counts are read: the collector moves its arrays out of the young
        // generation while the lookups run, rather than at the first pauses of the load.
        RegistrationBook book = new RegistrationBook(picks.size());
        Ledger ledger = new Ledger(options.registrationUrl(), options.rankingUrl());
        Map<String, Long> countsBefore = ledger.counts(keys);
        Map<String, Double> countersBefore = ledger.invariantCounters();
        try (Registrar registrar = new Registrar(options.registrationUrl(), book);
                StreamWatchers watchers = new StreamWatchers(
                        options.streamUrl(), options.subscribers(), book, new Freshness(book::accepted))) {
            if (!watchers.awaitConnected(options.subscribers(), Duration.ofSeconds(30))) {
                System.out.printf(
                        "[loadgen] only %d of %d subscribers connected%n",
                        watchers.connected.get(), options.subscribers());
            }
            Run run = drive(options, arrivals, picks, registrar, watchers.freshness());
            awaitUntil(options.settle(), () -> registrar.inFlight.get() == 0);
            run.addLast(registrar);
            int subscribers = watchers.connected.get();
            awaitUntil(options.settle(), () -> book.acceptedSeenByFewerThan(subscribers) == 0);
            // Thousands of names: each round asks again only for those whose count is not there yet.
            Map<String, Long> countedDelta = new HashMap<>();
            Set<String> unsettled = new LinkedHashSet<>(keys);
            awaitUntil(options.settle(), () -> {
                ledger.counts(unsettled)
                        .forEach((key, count) -> countedDelta.put(key, count - countsBefore.getOrDefault(key, 0L)));
                unsettled.removeIf(key -> countedDelta.get(key) == accepted(registrar, key));
                return unsettled.isEmpty();
            });
            // Then every count once more, all at one moment: a count that moved on since is a double count.
            ledger.counts(keys)
                    .forEach((key, count) -> countedDelta.put(key, count - countsBefore.getOrDefault(key, 0L)));
            Map<String, Double> countersAfter = ledger.invariantCounters();

            Report report = Report.of(options, arrivals, run, registrar, watchers, subscribers, countedDelta, keys);
            report.invariants(countersBefore, countersAfter);
            report.print();
            report.write(options.out());
            return report;
        }
    }

    /** Sends every registration when it is due; samples latency once a second. */
    private static Run drive(
            Options options,
            Arrivals arrivals,
            List<ZipfNames.Ranked> picks,
            Registrar registrar,
            Freshness freshness) {
        Run run = new Run();
        long start = System.nanoTime();
        run.startNanos = start + options.warmup().toNanos();
        run.measuredFromEpochMillis =
                System.currentTimeMillis() + options.warmup().toMillis();
        registrar.measureFrom(run.startNanos);
        freshness.measureFrom(run.startNanos);
        long nextSecond = start + 1_000_000_000L;
        int next = 0;
        while (next < picks.size()) {
            long now = System.nanoTime();
            long due = Math.min(picks.size(), arrivals.dueBy(Duration.ofNanos(now - start)));
            while (next < due) {
                registrar.send(picks.get(next), start + arrivals.dueAt(next).toNanos());
                next++;
            }
            if (now >= nextSecond) {
                long offered = arrivals.dueBy(Duration.ofNanos(now - start));
                if (nextSecond <= run.startNanos) {
                    run.warmUpSecond(registrar, offered);
                } else {
                    run.second(registrar, offered - arrivals.dueBy(options.warmup()));
                }
                nextSecond += 1_000_000_000L;
            }
            if (next < picks.size()) {
                LockSupport.parkNanos(
                        Arrivals.pauseNanos(start + arrivals.dueAt(next).toNanos() - System.nanoTime()));
            }
        }
        run.endNanos = System.nanoTime();
        return run;
    }

    private static long accepted(Registrar registrar, String key) {
        var count = registrar.acceptedByName.get(key);
        return count == null ? 0 : count.get();
    }

    interface Check {
        boolean done() throws Exception;
    }

    private static void awaitUntil(Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.done() && System.nanoTime() < deadline) {
            Thread.sleep(250); // a load generator's pacing
        }
    }

    /** The latency of the measured run (after any warm-up) and of each second of it. */
    static final class Run {
        final Histogram latencyMicros = new Histogram(3);
        final List<Map<String, Double>> seconds = new ArrayList<>();
        long startNanos;
        long measuredFromEpochMillis;
        long endNanos;
        private long acceptedBefore;
        private int warmUpSeconds;

        /** A second of the warm-up: printed so the warm-up can be seen to end, kept out of the figures. */
        void warmUpSecond(Registrar registrar, long offeredSoFar) {
            Histogram interval = registrar.warmUpLatencyMicros.getIntervalHistogram();
            warmUpSeconds++;
            System.out.printf(
                    Locale.ROOT,
                    "[loadgen] warm-up %3ds offered %6d p50 %7.1f ms p99 %7.1f ms in-flight %5d%n",
                    warmUpSeconds,
                    offeredSoFar,
                    interval.getValueAtPercentile(50) / 1000.0,
                    interval.getValueAtPercentile(99) / 1000.0,
                    registrar.inFlight.get());
        }

        void second(Registrar registrar, long offeredSoFar) {
            registrar.warmUpLatencyMicros.reset(); // late answers to the warm-up
            Histogram interval = registrar.latencyMicros.getIntervalHistogram();
            latencyMicros.add(interval);
            long acceptedNow = registrar.acceptedMeasured.get();
            Map<String, Double> second = new HashMap<>();
            second.put("second", (double) seconds.size() + 1);
            second.put("offered", (double) offeredSoFar);
            second.put("achievedPerSecond", (double) (acceptedNow - acceptedBefore));
            second.put("p50Ms", interval.getValueAtPercentile(50) / 1000.0);
            second.put("p99Ms", interval.getValueAtPercentile(99) / 1000.0);
            second.put("maxMs", interval.getMaxValue() / 1000.0);
            seconds.add(second);
            acceptedBefore = acceptedNow;
            System.out.printf(
                    Locale.ROOT,
                    "[loadgen] %3ds offered %6d achieved %5.0f/s p50 %7.1f ms p99 %7.1f ms in-flight %5d unknown %d errors %d%n",
                    seconds.size(),
                    offeredSoFar,
                    second.get("achievedPerSecond"),
                    second.get("p50Ms"),
                    second.get("p99Ms"),
                    registrar.inFlight.get(),
                    registrar.unavailable.get(),
                    registrar.failed.get() + registrar.otherStatus.get() + registrar.dropped.get());
        }

        void addLast(Registrar registrar) {
            latencyMicros.add(registrar.latencyMicros.getIntervalHistogram());
        }
    }
}
