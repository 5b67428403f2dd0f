package babynames.registration;

import babynames.events.BabyRegistered;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts valid registrations: gives each an event id (derived from the Idempotency-Key when there
 * is one), publishes them, and returns only once Kafka acknowledged every one, so nothing answered
 * 202 can be lost. Throws a 503 problem when Kafka does not confirm within the publish timeout.
 */
@Singleton
final class RegistrationIntake {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrationIntake.class);

    private final RegistrationPublisher publisher;
    private final IdempotencyLedger ledger;
    private final RegistrationMetrics metrics;
    private final Duration publishTimeout;
    private final int retryAfterSeconds;
    private final Clock clock = Clock.systemUTC();

    RegistrationIntake(
            RegistrationPublisher publisher,
            IdempotencyLedger ledger,
            RegistrationMetrics metrics,
            @Value("${babynames.publish-timeout}") Duration publishTimeout,
            @Value("${babynames.retry-after-seconds}") int retryAfterSeconds) {
        this.publisher = publisher;
        this.ledger = ledger;
        this.metrics = metrics;
        this.publishTimeout = publishTimeout;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * @param endpoint which endpoint took the request, so a key cannot be reused across endpoints
     * @param idempotencyKey the client's key, or null
     */
    List<BabyRegistered> accept(
            String endpoint, List<Registration> registrations, String idempotencyKey, String correlationId) {
        Instant now = clock.instant();
        List<BabyRegistered> events = new ArrayList<>(registrations.size());
        for (int i = 0; i < registrations.size(); i++) {
            Registration registration = registrations.get(i);
            UUID id = idempotencyKey == null
                    ? UUID.randomUUID()
                    : IdempotencyKeys.eventId(idempotencyKey, i, registration);
            events.add(BabyRegistered.of(id, registration.name(), registration.sex(), now));
        }
        String fingerprint = idempotencyKey == null ? null : fingerprint(endpoint, registrations);
        if (idempotencyKey != null) {
            switch (ledger.check(idempotencyKey, fingerprint)) {
                case CONFLICT -> throw Problems.idempotencyConflict();
                case REPEAT -> {
                    metrics.replayed();
                    return events;
                }
                case NEW -> {
                    // Publish below.
                }
            }
        }
        publishAll(events, correlationId);
        metrics.accepted(events.size());
        if (idempotencyKey != null) {
            ledger.remember(idempotencyKey, fingerprint);
        }
        return events;
    }

    private void publishAll(List<BabyRegistered> events, String correlationId) {
        long start = System.nanoTime();
        long deadline = start + publishTimeout.toNanos();
        List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>(events.size());
        for (BabyRegistered event : events) {
            acks.add(publisher.publish(event, correlationId));
        }
        try {
            for (CompletableFuture<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Problems.brokerUnavailable(retryAfterSeconds);
        } catch (ExecutionException | TimeoutException e) {
            metrics.brokerError();
            LOG.warn("Kafka did not confirm {} registration(s): {}", events.size(), e.toString());
            throw Problems.brokerUnavailable(retryAfterSeconds);
        } finally {
            metrics.publish().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private static String fingerprint(String endpoint, List<Registration> registrations) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(endpoint.getBytes(StandardCharsets.UTF_8));
            for (Registration registration : registrations) {
                String item = '\n' + registration.sex().wireName() + ':' + registration.name();
                digest.update(item.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
