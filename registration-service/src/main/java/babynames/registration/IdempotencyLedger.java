package babynames.registration;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The idempotency keys this instance took in the last 24 hours (configurable), each with the
 * fingerprint of its request: a key is reserved before anything is published, so of two requests
 * with one key only one publishes; a retry of an accepted request is answered without publishing
 * again, and a key reused for another request is refused. Bounded: the key accepted (or reserved)
 * longest ago is forgotten first. Forgetting is safe for counting, since event ids are derived from
 * key and request ({@link IdempotencyKeys}).
 *
 * <p>A key is kept as the first 128 bits of its SHA-256 digest and a request as the first 128 bits
 * of its fingerprint (two different keys or requests share them by a chance of 2^-128), in a
 * {@link ReservationTable} of about 60 bytes a key allocated at start: 6 MiB at the default 100,000
 * keys, the same however many requests pass. Made when the service starts ({@link Context}), not at
 * its first request: the table's memory is taken, and a bound outside 1 to 2^28 refused, at once.
 */
@Context
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

    private final Duration retention;
    private final Clock clock;
    private final ReservationTable reservations;

    @Inject
    IdempotencyLedger(
            @Value("${babynames.idempotency.retention}") Duration retention,
            @Value("${babynames.idempotency.max-keys}") int maxKeys) {
        this(retention, maxKeys, Clock.systemUTC());
    }

    IdempotencyLedger(Duration retention, int maxKeys, Clock clock) {
        this.retention = retention;
        this.clock = clock;
        this.reservations = new ReservationTable(maxKeys);
    }

    /**
     * Reserves {@code key} for the request with this fingerprint ({@link IdempotencyKeys#fingerprint}),
     * unless the key is taken.
     */
    synchronized Outcome reserve(String key, String fingerprint) {
        Digest digest = Digest.of(key);
        int row = reservations.find(digest.high(), digest.low());
        long now = clock.millis();
        if (row < 0 || reservations.sinceMillis(row) + retention.toMillis() < now) {
            if (row >= 0) {
                reservations.remove(row);
            }
            add(digest, fingerprint, now, false);
            return Outcome.NEW;
        }
        if (!reservations.isFor(row, high(fingerprint), low(fingerprint))) {
            return Outcome.CONFLICT;
        }
        return reservations.accepted(row) ? Outcome.REPEAT : Outcome.IN_PROGRESS;
    }

    /** The reserved request was accepted (Kafka has its events): it is now the newest. */
    synchronized void accepted(String key, String fingerprint) {
        Digest digest = Digest.of(key);
        int row = reservations.find(digest.high(), digest.low());
        if (row >= 0) {
            reservations.remove(row);
        }
        add(digest, fingerprint, clock.millis(), true);
    }

    /** The reserved request failed: a retry may take the key again. */
    synchronized void released(String key, String fingerprint) {
        Digest digest = Digest.of(key);
        int row = reservations.find(digest.high(), digest.low());
        if (row >= 0 && !reservations.accepted(row) && reservations.isFor(row, high(fingerprint), low(fingerprint))) {
            reservations.remove(row);
        }
    }

    private void add(Digest key, String fingerprint, long sinceMillis, boolean accepted) {
        reservations.addNewest(key.high(), key.low(), high(fingerprint), low(fingerprint), sinceMillis, accepted);
    }

    private static long high(String fingerprint) {
        return HexFormat.fromHexDigitsToLong(fingerprint, 0, 16);
    }

    private static long low(String fingerprint) {
        return HexFormat.fromHexDigitsToLong(fingerprint, 16, 32);
    }

    /** The first 128 bits of a key's SHA-256 digest. */
    private record Digest(long high, long low) {
        static Digest of(String key) {
            ByteBuffer bits = ByteBuffer.wrap(IdempotencyKeys.sha256().digest(key.getBytes(StandardCharsets.UTF_8)));
            return new Digest(bits.getLong(0), bits.getLong(8));
        }
    }
}
