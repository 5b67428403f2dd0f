package babynames.loadgen;

import java.time.Duration;

/**
 * When each registration is due in an open model: the rate climbs linearly from 0 over the ramp,
 * then holds. Arrival {@code i} is due at a fixed time whatever the system does, so a slow system
 * cannot slow the load down and hide its latency (no coordinated omission).
 */
record Arrivals(double perSecond, Duration ramp, Duration duration) {
    /**
     * The shortest pause between sending rounds. Every round costs a sleep and a wake-up in the load
     * generator, on the cores it shares with what it measures, so above 1,000 a second the arrivals
     * due within a millisecond go out together: each at most that late, and the lateness counts in
     * its latency (measured from when it was due). Slower, each goes out when it is due.
     */
    static final Duration SHORTEST_PAUSE = Duration.ofMillis(1);
    /** The longest, so that the once-a-second figures are taken on time however slow the rate. */
    static final Duration LONGEST_PAUSE = Duration.ofMillis(10);

    /** How long the sender sleeps when the next arrival is due in {@code nanosToNextDue}. */
    static long pauseNanos(long nanosToNextDue) {
        return Math.min(LONGEST_PAUSE.toNanos(), Math.max(SHORTEST_PAUSE.toNanos(), nanosToNextDue));
    }

    /** How many registrations are due {@code elapsed} after the start. */
    long dueBy(Duration elapsed) {
        double t = Math.min(seconds(elapsed), seconds(duration));
        double r = seconds(ramp);
        // A hair of tolerance, so that floating point never puts an arrival after its own due time.
        if (t <= r) {
            return (long) Math.floor(perSecond * t * t / (2 * r) + 1e-6);
        }
        return (long) Math.floor(perSecond * (r / 2 + (t - r)) + 1e-6);
    }

    /** When registration {@code index} (from 0) is due, after the start. */
    Duration dueAt(long index) {
        double n = index + 1;
        double r = seconds(ramp);
        double rampArrivals = perSecond * r / 2;
        double t = n <= rampArrivals ? Math.sqrt(2 * r * n / perSecond) : r + (n - rampArrivals) / perSecond;
        return Duration.ofNanos((long) Math.ceil(t * 1e9));
    }

    long total() {
        return dueBy(duration);
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
