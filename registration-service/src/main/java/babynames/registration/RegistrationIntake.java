package babynames.registration;

import babynames.events.BabyRegistered;
import babynames.support.CorrelationFilter;
import babynames.support.ProblemException;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Accepts valid registrations: gives each an event id (derived from the Idempotency-Key when there
 * is one), publishes them, and completes only once Kafka acknowledged every one, so nothing answered
 * 202 can be lost. Fails with a 503 problem when Kafka does not confirm within the publish timeout.
 */
@Singleton
final class RegistrationIntake {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrationIntake.class);

    static final String BATCH_ENDPOINT = "babies";

    private final RegistrationPublisher publisher;
    private final BatchPublisher batches;
    private final IdempotencyLedger ledger;
    private final RegistrationMetrics metrics;
    private final Duration publishTimeout;
    private final int retryAfterSeconds;
    private final Clock clock = Clock.systemUTC();

    RegistrationIntake(
            RegistrationPublisher publisher,
            BatchPublisher batches,
            IdempotencyLedger ledger,
            RegistrationMetrics metrics,
            @Value("${babynames.publish-timeout}") Duration publishTimeout,
            @Value("${babynames.retry-after-seconds}") int retryAfterSeconds) {
        this.publisher = publisher;
        this.batches = batches;
        this.ledger = ledger;
        this.metrics = metrics;
        this.publishTimeout = publishTimeout;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * @param endpoint which endpoint took the request, so a key cannot be reused across endpoints
     * @param idempotencyKey the client's key, or null
     * @return completes once Kafka acknowledged every registration, or fails with a 503 problem
     */
    CompletableFuture<List<BabyRegistered>> accept(
            String endpoint, List<Registration> registrations, String idempotencyKey, String correlationId) {
        Instant now = clock.instant();
        String fingerprint = idempotencyKey == null ? null : IdempotencyKeys.fingerprint(endpoint, registrations);
        List<BabyRegistered> events = new ArrayList<>(registrations.size());
        for (int i = 0; i < registrations.size(); i++) {
            Registration registration = registrations.get(i);
            UUID id = idempotencyKey == null
                    ? UUID.randomUUID()
                    : IdempotencyKeys.eventId(idempotencyKey, fingerprint, i);
            events.add(BabyRegistered.of(id, registration.name(), registration.sex(), now));
        }
        if (idempotencyKey == null) {
            return publish(endpoint, events, correlationId).thenApply(acknowledged -> {
                metrics.accepted(events.size());
                return events;
            });
        }
        switch (ledger.reserve(idempotencyKey, fingerprint)) {
            case CONFLICT -> throw Problems.idempotencyConflict();
            case IN_PROGRESS -> throw Problems.idempotencyInProgress();
            case REPEAT -> {
                metrics.replayed();
                return CompletableFuture.completedFuture(events);
            }
            case NEW -> {
                // Reserved: publish below.
            }
        }
        return publish(endpoint, events, correlationId)
                .whenComplete((acknowledged, error) -> {
                    if (error == null) {
                        metrics.accepted(events.size());
                        ledger.accepted(idempotencyKey, fingerprint);
                    } else {
                        ledger.released(idempotencyKey, fingerprint);
                    }
                })
                .thenApply(acknowledged -> events);
    }

    /** A batch goes out as one transaction (all or none); a single registration as it is. */
    private CompletableFuture<Void> publish(String endpoint, List<BabyRegistered> events, String correlationId) {
        return BATCH_ENDPOINT.equals(endpoint)
                ? publishAsOne(events, correlationId)
                : publishAll(events, correlationId);
    }

    /** On the caller's thread (batches run on the blocking pool): done when Kafka committed all of them. */
    private CompletableFuture<Void> publishAsOne(List<BabyRegistered> events, String correlationId) {
        long start = System.nanoTime();
        try {
            batches.publish(events, correlationId);
            return CompletableFuture.completedFuture(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(notConfirmed(events, correlationId, e));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(notConfirmed(events, correlationId, e));
        } finally {
            metrics.publish().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /** Kafka did not confirm these registrations in time: counted, logged with the request's id, a 503. */
    private ProblemException notConfirmed(List<BabyRegistered> events, String correlationId, Throwable error) {
        metrics.brokerError();
        // Possibly on the producer's thread (or the timeout's): the request's MDC is not there.
        try (var mdc = MDC.putCloseable(CorrelationFilter.MDC_KEY, correlationId)) {
            LOG.warn("Kafka did not confirm {} registration(s): {}", events.size(), error.toString());
        }
        return Problems.brokerUnavailable(retryAfterSeconds);
    }

    /**
     * Nothing waits here for Kafka: the returned future completes from the producer's callbacks
     * (or the publish timeout), so no thread is parked per request in flight.
     */
    private CompletableFuture<Void> publishAll(List<BabyRegistered> events, String correlationId) {
        long start = System.nanoTime();
        long deadline = start + publishTimeout.toNanos();
        CompletableFuture<?>[] acks = new CompletableFuture<?>[events.size()];
        for (int i = 0; i < acks.length; i++) {
            acks[i] = publisher.publish(events.get(i), correlationId, deadline);
        }
        long left = deadline - System.nanoTime();
        return CompletableFuture.allOf(acks)
                .orTimeout(Math.max(0, left), TimeUnit.NANOSECONDS)
                .handle((acknowledged, error) -> {
                    metrics.publish().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    if (error != null) {
                        throw notConfirmed(events, correlationId, error);
                    }
                    return null;
                });
    }
}
