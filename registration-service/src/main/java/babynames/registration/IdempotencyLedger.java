package babynames.registration;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The idempotency keys this instance took in the last 24 hours (configurable), each with the
 * fingerprint of its request: a key is reserved before anything is published, so of two requests
 * with one key only one publishes; a retry of an accepted request is answered without publishing
 * again, and a key reused for another request is refused. Bounded: the oldest keys are forgotten
 * first. Forgetting is safe for counting, since event ids are derived from key and request
 * ({@link IdempotencyKeys}).
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

    private record Reservation(String fingerprint, Instant since, boolean accepted) {}

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

    /** Reserves {@code key} for the request with this fingerprint, unless the key is taken. */
    synchronized Outcome reserve(String key, String fingerprint) {
        Reservation reservation = reservations.get(key);
        if (reservation == null || reservation.since().plus(retention).isBefore(clock.instant())) {
            reservations.remove(key);
            reservations.put(key, new Reservation(fingerprint, clock.instant(), false));
            return Outcome.NEW;
        }
        if (!reservation.fingerprint().equals(fingerprint)) {
            return Outcome.CONFLICT;
        }
        return reservation.accepted() ? Outcome.REPEAT : Outcome.IN_PROGRESS;
    }

    /** The reserved request was accepted (Kafka has its events). */
    synchronized void accepted(String key, String fingerprint) {
        reservations.remove(key);
        reservations.put(key, new Reservation(fingerprint, clock.instant(), true));
    }

    /** The reserved request failed: a retry may take the key again. */
    synchronized void released(String key, String fingerprint) {
        Reservation reservation = reservations.get(key);
        if (reservation != null
                && !reservation.accepted()
                && reservation.fingerprint().equals(fingerprint)) {
            reservations.remove(key);
        }
    }
}
