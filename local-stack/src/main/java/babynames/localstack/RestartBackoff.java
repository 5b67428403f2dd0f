package babynames.localstack;

import java.time.Duration;

/**
 * How long to wait before starting a process that exited again: 1 s, doubling while it keeps
 * exiting soon after its start, at most 30 s; a run of a minute or more counts as healthy and
 * starts the sequence over (an orchestrator's crash-loop back-off, shortened for a laptop).
 */
final class RestartBackoff {
    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofSeconds(30);
    static final Duration HEALTHY_RUN = Duration.ofMinutes(1);

    private int failuresInARow;

    /** The wait before the next start, for a process that ran for {@code uptime} before it exited. */
    Duration next(Duration uptime) {
        if (uptime.compareTo(HEALTHY_RUN) >= 0) {
            failuresInARow = 0;
        }
        failuresInARow++;
        Duration delay = FIRST.multipliedBy(1L << Math.min(failuresInARow - 1, 16));
        return delay.compareTo(MAX) > 0 ? MAX : delay;
    }
}
