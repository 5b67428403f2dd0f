package babynames.registration;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The idempotency keys this instance took in the last 24 hours (configurable), each with the
 * fingerprint of its request: a key is reserved before anything is published, so of two requests
 * with one key only one publishes; a retry of an accepted request is answered without publishing
 * again, and a key reused for another request is refused. Bounded: the oldest keys are forgotten
 * first. Forgetting is safe for counting, since event ids are derived from key and request
 * ({@link IdempotencyKeys}).
 *
 * <p>A key costs about 170 bytes of heap here (its string, the map's entry and a reservation of
 * primitives), so the default 100,000 keys take about 16 MiB: of a request's fingerprint only the
 * first 128 bits are kept, not its 64 hex characters, and the time as milliseconds, not an
 * {@link java.time.Instant}.
 */
@Singleton
final class IdempotencyLedger {
    enum Outcome {
        /** The key is now reserved for this request: publish, then {@link #accepted} or {@link #released}. */
        NEW,
        /** This request was accepted before: answer as then, publish nothing. */
        REPEAT,
        /** This request is being published right now by another call. */
        IN_PROGRESS,
        /** The key belongs to another request. */
        CONFLICT
    }

    /**
     * A reserved key: the first 128 bits of its request's SHA-256 fingerprint (another request with
     * the same key shares them by a chance of 2^-128), since when, and whether Kafka took it.
     */
    private record Reservation(long fingerprintHigh, long fingerprintLow, long sinceMillis, boolean accepted) {
        static Reservation of(String fingerprint, long sinceMillis, boolean accepted) {
            return new Reservation(high(fingerprint), low(fingerprint), sinceMillis, accepted);
        }

        boolean isFor(String fingerprint) {
            return fingerprintHigh == high(fingerprint) && fingerprintLow == low(fingerprint);
        }

        private static long high(String fingerprint) {
            return HexFormat.fromHexDigitsToLong(fingerprint, 0, 16);
        }

        private static long low(String fingerprint) {
            return HexFormat.fromHexDigitsToLong(fingerprint, 16, 32);
        }
    }

    private final Duration retention;
    private final Clock clock;
    private final Map<String, Reservation> reservations;

    @Inject
    IdempotencyLedger(
            @Value("${babynames.idempotency.retention}") Duration retention,
            @Value("${babynames.idempotency.max-keys}") int maxKeys) {
        this(retention, maxKeys, Clock.systemUTC());
    }

    IdempotencyLedger(Duration retention, int maxKeys, Clock clock) {
        this.retention = retention;
        this.clock = clock;
        this.reservations = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Reservation> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /**
     * Reserves {@code key} for the request with this fingerprint ({@link IdempotencyKeys#fingerprint}),
     * unless the key is taken.
     */
    synchronized Outcome reserve(String key, String fingerprint) {
        Reservation reservation = reservations.get(key);
        long now = clock.millis();
        if (reservation == null || reservation.sinceMillis() + retention.toMillis() < now) {
            reservations.remove(key);
            reservations.put(key, Reservation.of(fingerprint, now, false));
            return Outcome.NEW;
        }
        if (!reservation.isFor(fingerprint)) {
            return Outcome.CONFLICT;
        }
        return reservation.accepted() ? Outcome.REPEAT : Outcome.IN_PROGRESS;
    }

    /** The reserved request was accepted (Kafka has its events). */
    synchronized void accepted(String key, String fingerprint) {
        reservations.remove(key);
        reservations.put(key, Reservation.of(fingerprint, clock.millis(), true));
    }

    /** The reserved request failed: a retry may take the key again. */
    synchronized void released(String key, String fingerprint) {
        Reservation reservation = reservations.get(key);
        if (reservation != null && !reservation.accepted() && reservation.isFor(fingerprint)) {
            reservations.remove(key);
        }
    }
}
