package babynames.loadgen;

import java.util.Arrays;
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
 * before its {@code 202} has been read (at thousands a second, a good part of them) waits here
 * until the end, as three numbers in arrays rather than as objects.
 */
final class Freshness {
    private final Function<UUID, RegistrationBook.Accepted> accepted;
    private final Histogram all = new Histogram(3);
    private final Map<Integer, Histogram> bySecond = new TreeMap<>();
    /** Early arrivals, three longs each: the id's two halves and when it arrived. */
    private long[] early = new long[3 * 1024];

    private int earlyCount;
    private volatile long measuredFromNanos = Long.MIN_VALUE;

    Freshness(Function<UUID, RegistrationBook.Accepted> accepted) {
        this.accepted = accepted;
    }

    /** The measured run starts: seconds are counted from here. */
    void measureFrom(long nanos) {
        measuredFromNanos = nanos;
    }

    synchronized void arrived(UUID id, long nanos) {
        RegistrationBook.Accepted registration = accepted.apply(id);
        if (registration == null) {
            if (3 * earlyCount == early.length) {
                early = Arrays.copyOf(early, 2 * early.length);
            }
            int at = 3 * earlyCount++;
            early[at] = id.getMostSignificantBits();
            early[at + 1] = id.getLeastSignificantBits();
            early[at + 2] = nanos;
        } else {
            record(registration, nanos);
        }
    }

    /** Records the events that arrived before their 202 was read; the figures are then complete. */
    synchronized void settle() {
        for (int at = 0; at < 3 * earlyCount; at += 3) {
            RegistrationBook.Accepted registration = accepted.apply(new UUID(early[at], early[at + 1]));
            if (registration != null) {
                record(registration, early[at + 2]);
            }
        }
        earlyCount = 0;
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

    private void record(RegistrationBook.Accepted registration, long arrivedNanos) {
        if (!registration.measured()) {
            return;
        }
        long micros = Math.max(0, (arrivedNanos - registration.sentNanos()) / 1000);
        all.recordValue(micros);
        int second = (int) ((registration.sentNanos() - measuredFromNanos) / 1_000_000_000L) + 1;
        bySecond.computeIfAbsent(second, s -> new Histogram(3)).recordValue(micros);
    }
}
