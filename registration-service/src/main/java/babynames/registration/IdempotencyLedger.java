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
 * The idempotency keys this instance accepted in the last 24 hours (configurable), each with a
 * fingerprint of its request, so a retry is answered without publishing again and a key reused
 * for another request is refused. Bounded: the oldest keys are forgotten first. Forgetting is safe
 * for counting, since the event ids are derived from key and body ({@link IdempotencyKeys}).
 */
@Singleton
final class IdempotencyLedger {
    enum Outcome {
        NEW,
        REPEAT,
        CONFLICT
    }

    private record Acceptance(String fingerprint, Instant acceptedAt) {}

    private final Duration retention;
    private final Clock clock;
    private final Map<String, Acceptance> entries;

    @Inject
    IdempotencyLedger(
            @Value("${babynames.idempotency.retention}") Duration retention,
            @Value("${babynames.idempotency.max-keys}") int maxKeys) {
        this(retention, maxKeys, Clock.systemUTC());
    }

    IdempotencyLedger(Duration retention, int maxKeys, Clock clock) {
        this.retention = retention;
        this.clock = clock;
        this.entries = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Acceptance> eldest) {
                return size() > maxKeys;
            }
        };
    }

    synchronized Outcome check(String key, String fingerprint) {
        Acceptance entry = entries.get(key);
        if (entry == null || entry.acceptedAt().plus(retention).isBefore(clock.instant())) {
            return Outcome.NEW;
        }
        return entry.fingerprint().equals(fingerprint) ? Outcome.REPEAT : Outcome.CONFLICT;
    }

    /** Called once the request was accepted (Kafka has its events). */
    synchronized void remember(String key, String fingerprint) {
        entries.remove(key);
        entries.put(key, new Acceptance(fingerprint, clock.instant()));
    }
}
