package babynames.support;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trail a registration leaves: one INFO line at each hop that handles it (accepted, counted,
 * top 10 published and applied, streamed), each carrying the registration's correlation id in the
 * MDC, so every line of one request in all four services' logs is found by that id. The logger is
 * {@code babynames.trail} in every service; {@code TRAIL_LOG=OFF} silences it.
 */
public final class Trail {
    private static final Logger LOG = LoggerFactory.getLogger("babynames.trail");

    private Trail() {}

    public static boolean enabled() {
        return LOG.isInfoEnabled();
    }

    /** One line of the trail, with {@code correlationId} (may be null) in the MDC for it alone. */
    public static void log(String correlationId, String format, Object... args) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        if (correlationId == null) {
            LOG.info(format, args);
            return;
        }
        CorrelationMdc mdc = new CorrelationMdc(correlationId);
        String outer = mdc.updateThreadContext();
        try {
            LOG.info(format, args);
        } finally {
            mdc.restoreThreadContext(outer);
        }
    }
}
