package babynames.loadgen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * Freshness (a registration's request sent to its event reaching a subscriber), recorded as each
 * event arrives. Nothing is kept per arrival: at 500 registrations/s and 20 subscribers a list of
 * arrivals grew by 10,000 objects a second, and the collector copying them paused the load
 * generator for up to 110 ms, which showed up as the system's latency. Only an event that arrives
 * before its {@code 202} has been read waits here, until the end.
 */
final class Freshness {
    private final Function<UUID, Registrar.Accepted> accepted;
    private final Histogram all = new Histogram(3);
    private final Map<Integer, Histogram> bySecond = new TreeMap<>();
    private final Map<UUID, List<Long>> early = new HashMap<>();
    private volatile long measuredFromNanos = Long.MIN_VALUE;

    Freshness(Function<UUID, Registrar.Accepted> accepted) {
        this.accepted = accepted;
    }

    /** The measured run starts: seconds are counted from here. */
    void measureFrom(long nanos) {
        measuredFromNanos = nanos;
    }

    synchronized void arrived(UUID id, long nanos) {
        Registrar.Accepted registration = accepted.apply(id);
        if (registration == null) {
            early.computeIfAbsent(id, k -> new ArrayList<>(2)).add(nanos);
        } else {
            record(registration, nanos);
        }
    }

    /** Records the events that arrived before their 202 was read; the figures are then complete. */
    synchronized void settle() {
        early.forEach((id, arrivals) -> {
            Registrar.Accepted registration = accepted.apply(id);
            if (registration != null) {
                arrivals.forEach(nanos -> record(registration, nanos));
            }
        });
        early.clear();
    }

    synchronized Histogram all() {
        return all.copy();
    }

    /** Per second of the measured run (from 1), the freshness of the registrations sent in it. */
    synchronized Map<Integer, Histogram> bySecond() {
        Map<Integer, Histogram> copy = new TreeMap<>();
        bySecond.forEach((second, histogram) -> copy.put(second, histogram.copy()));
        return copy;
    }

    private void record(Registrar.Accepted registration, long arrivedNanos) {
        if (!registration.measured()) {
            return;
        }
        long micros = Math.max(0, (arrivedNanos - registration.sentNanos()) / 1000);
        all.recordValue(micros);
        int second = (int) ((registration.sentNanos() - measuredFromNanos) / 1_000_000_000L) + 1;
        bySecond.computeIfAbsent(second, s -> new Histogram(3)).recordValue(micros);
    }
}
