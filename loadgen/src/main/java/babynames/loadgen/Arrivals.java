package babynames.loadgen;

import java.time.Duration;

/**
 * When each registration is due in an open model: the rate climbs linearly from 0 over the ramp,
 * then holds. Arrival {@code i} is due at a fixed time whatever the system does, so a slow system
 * cannot slow the load down and hide its latency (no coordinated omission).
 */
record Arrivals(double perSecond, Duration ramp, Duration duration) {
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
