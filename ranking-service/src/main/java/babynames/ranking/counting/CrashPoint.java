package babynames.ranking.counting;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fault injection for the exactly-once tests: with {@code FAULT_PAUSE_AFTER_DB_COMMIT=N} in the
 * environment, the ranker stops for good right after the N-th batch's database commit and before
 * its Kafka offset commit, and says so in its log, so a test can kill it (SIGKILL) at exactly the
 * moment that matters. Unset in every real deployment.
 */
final class CrashPoint {
    static final String ENV = "FAULT_PAUSE_AFTER_DB_COMMIT";
    static final String MARKER = "fault-injection: paused after the database commit, before the offset commit";
    private static final Logger LOG = LoggerFactory.getLogger(CrashPoint.class);

    private final long pauseAfterBatch;
    private long batches;

    CrashPoint(String setting) {
        this.pauseAfterBatch = setting == null || setting.isBlank() ? 0 : Long.parseLong(setting.strip());
    }

    static CrashPoint fromEnvironment() {
        return new CrashPoint(System.getenv(ENV));
    }

    /** Called between the database commit and the offset commit of every batch. */
    void afterDatabaseCommit() {
        if (pauseAfterBatch == 0 || ++batches < pauseAfterBatch) {
            return;
        }
        LOG.warn("{} (batch {})", MARKER, batches);
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // Stay paused: only SIGKILL ends this process now.
            }
        }
    }
}
