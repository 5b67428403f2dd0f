package babynames.stream.flow;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The books of the flow over the last snapshots, the way {@code ops/prometheus/rules} keeps them:
 * registrations accepted must equal those counted, recognised as duplicates or dead-lettered,
 * plus the growth of what is waiting in Kafka for a ranker (its lag).
 *
 * <p>Counters are read as differences between readings of one process, summed over processes. A
 * process's counters die with it, and what it counted after its last reading is in no reading: so
 * the books begin again when a source comes back (answers after not answering, or answers with a
 * new start time), from the readings of that moment. A source that stops answering is not a new
 * beginning: what is accepted while no ranker answers is neither counted nor seen waiting, and the
 * books are out of balance until one does. They balance when what is unaccounted for is at most
 * one second of the window's traffic (a batch the ranker holds between reading and committing is
 * in neither column), and never less than 10.
 *
 * @param state {@code collecting} (fewer than two snapshots), {@code balanced} or {@code out of balance}
 * @param since the source whose coming back began these books, or null when they reach the whole window
 * @param waiting registrations waiting in Kafka now, by the rankers that answered; null when none did
 * @param waitingChange how much that grew over the window
 * @param unaccounted accepted - counted - duplicates - dead-lettered - waitingChange
 * @param freshnessP50Millis median from a registration's Kafka timestamp to its SSE delivery by
 *     this stream-api over the whole window, or null when nothing was delivered
 */
@Serdeable
record Books(
        String state,
        double windowSeconds,
        @Nullable String since,
        long accepted,
        long counted,
        long duplicates,
        long deadLettered,
        @Nullable Long waiting,
        long waitingChange,
        long unaccounted,
        long tolerance,
        @Nullable Double freshnessP50Millis,
        @Nullable Double freshnessP99Millis,
        List<Source> sources) {

    static final String COLLECTING = "collecting";
    static final String BALANCED = "balanced";
    static final String OUT_OF_BALANCE = "out of balance";
    private static final long MIN_TOLERANCE = 10;

    /** Whether a source answered the latest round. */
    @Serdeable
    record Source(String name, boolean up) {}

    /** The books over {@code history} (oldest first) of the sources named, in that order. */
    static Books of(List<Snapshot> history, List<String> sourceNames) {
        if (history.isEmpty()) {
            return new Books(
                    COLLECTING, 0, null, 0, 0, 0, 0, null, 0, 0, MIN_TOLERANCE, null, null, sources(null, sourceNames));
        }
        int start = lastComeback(history);
        List<Snapshot> window = history.subList(start, history.size());
        Snapshot first = window.get(0);
        Snapshot last = window.get(window.size() - 1);
        long accepted = increase(window, Reading::accepted);
        long counted = increase(window, Reading::counted);
        long duplicates = increase(window, Reading::duplicates);
        long deadLettered = increase(window, Reading::deadLettered);
        Long waitingNow = waiting(last);
        Long waitingBefore = waiting(first);
        long waitingChange = (waitingNow == null ? 0 : waitingNow) - (waitingBefore == null ? 0 : waitingBefore);
        long unaccounted = accepted - counted - duplicates - deadLettered - waitingChange;
        double seconds = (last.atMillis() - first.atMillis()) / 1000.0;
        long tolerance = Math.max(MIN_TOLERANCE, Math.round(accepted / Math.max(seconds, 1)));
        String state = window.size() < 2 ? COLLECTING : Math.abs(unaccounted) <= tolerance ? BALANCED : OUT_OF_BALANCE;
        NavigableMap<Double, Double> latency = latencyIncrease(history.get(0), last);
        return new Books(
                state,
                seconds,
                start == 0 ? null : cameBack(history.get(start - 1), first),
                accepted,
                counted,
                duplicates,
                deadLettered,
                waitingNow,
                waitingChange,
                unaccounted,
                tolerance,
                Quantiles.millis(latency, 0.5),
                Quantiles.millis(latency, 0.99),
                sources(last, sourceNames));
    }

    /** The index of the last snapshot in which a source came back; 0 when none did. */
    private static int lastComeback(List<Snapshot> history) {
        for (int i = history.size() - 1; i > 0; i--) {
            if (cameBack(history.get(i - 1), history.get(i)) != null) {
                return i;
            }
        }
        return 0;
    }

    private static String cameBack(Snapshot before, Snapshot after) {
        for (Map.Entry<String, Reading> source : after.readings().entrySet()) {
            Reading previous = before.readings().get(source.getKey());
            if (previous == null
                    || Double.compare(previous.startTime(), source.getValue().startTime()) != 0) {
                return source.getKey();
            }
        }
        return null;
    }

    /** How much a counter grew over a window in which no source came back: last reading minus first, per process. */
    static long increase(List<Snapshot> window, ToDoubleFunction<Reading> counter) {
        Map<String, Double> firsts = new HashMap<>();
        Map<String, Double> lasts = new HashMap<>();
        for (Snapshot snapshot : window) {
            snapshot.readings().forEach((source, reading) -> {
                double value = counter.applyAsDouble(reading);
                if (!Double.isNaN(value)) {
                    firsts.putIfAbsent(source, value);
                    lasts.put(source, value);
                }
            });
        }
        double total = 0;
        for (Map.Entry<String, Double> last : lasts.entrySet()) {
            total += last.getValue() - firsts.get(last.getKey());
        }
        return Math.round(total);
    }

    private static Long waiting(Snapshot snapshot) {
        double sum = 0;
        boolean any = false;
        for (Reading reading : snapshot.readings().values()) {
            if (!Double.isNaN(reading.lag())) {
                sum += reading.lag();
                any = true;
            }
        }
        return any ? Math.round(sum) : null;
    }

    /** The delivery-latency histogram between two snapshots: the later cumulative buckets minus the earlier. */
    private static NavigableMap<Double, Double> latencyIncrease(Snapshot first, Snapshot last) {
        NavigableMap<Double, Double> now = latencyBuckets(last);
        if (first != last) {
            NavigableMap<Double, Double> before = latencyBuckets(first);
            now.replaceAll((le, n) -> Math.max(0, n - before.getOrDefault(le, 0.0)));
        }
        return now;
    }

    /** The cumulative delivery-latency buckets of a snapshot, summed over its sources. */
    private static NavigableMap<Double, Double> latencyBuckets(Snapshot snapshot) {
        NavigableMap<Double, Double> buckets = new TreeMap<>();
        snapshot.readings()
                .values()
                .forEach(r -> r.latencyBuckets().forEach((le, n) -> buckets.merge(le, n, Double::sum)));
        return buckets;
    }

    private static List<Source> sources(Snapshot last, List<String> sourceNames) {
        return sourceNames.stream()
                .map(name -> new Source(name, last != null && last.readings().containsKey(name)))
                .toList();
    }
}
