package babynames.registration;

import babynames.events.BabyRegistered;
import babynames.support.CorrelationFilter;
import babynames.support.ProblemException;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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

    /**
     * How a single registration goes to Kafka: the future completes with Kafka's outcome, within a
     * bounded time after {@code deadline} ({@link RegistrationPublisher#publish}).
     */
    @FunctionalInterface
    interface Send {
        CompletableFuture<?> publish(BabyRegistered event, String correlationId, long deadline);
    }

    private final Send send;
    private final BatchPublisher batches;
    private final IdempotencyLedger ledger;
    private final RegistrationMetrics metrics;
    private final Duration publishTimeout;
    private final int retryAfterSeconds;
    private final Clock clock = Clock.systemUTC();

    @Inject
    RegistrationIntake(
            RegistrationPublisher publisher,
            BatchPublisher batches,
            IdempotencyLedger ledger,
            RegistrationMetrics metrics,
            @Value("${babynames.publish-timeout}") Duration publishTimeout,
            @Value("${babynames.retry-after-seconds}") int retryAfterSeconds) {
        this(publisher::publish, batches, ledger, metrics, publishTimeout, retryAfterSeconds);
    }

    /** With another way to Kafka for single registrations (tests hold Kafka's answers back). */
    RegistrationIntake(
            Send send,
            BatchPublisher batches,
            IdempotencyLedger ledger,
            RegistrationMetrics metrics,
            Duration publishTimeout,
            int retryAfterSeconds) {
        this.send = send;
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
        if (idempotencyKey != null) {
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
        }
        long deadline = System.nanoTime() + publishTimeout.toNanos();
        // The books and the ledger follow Kafka's outcome, not the answer: a registration that Kafka
        // took after its client was told 503 is on the log (the ranker will count it), so it is
        // accepted, and its key answers a retry from the ledger instead of publishing it again.
        CompletableFuture<Void> outcome = publish(endpoint, events, correlationId, deadline)
                .whenComplete((acknowledged, error) -> {
                    if (error == null) {
                        metrics.accepted(events.size());
                    }
                    if (idempotencyKey == null) {
                        return;
                    }
                    if (error == null) {
                        ledger.accepted(idempotencyKey, fingerprint);
                    } else {
                        ledger.released(idempotencyKey, fingerprint);
                    }
                });
        return answer(outcome, deadline, events, correlationId).thenApply(acknowledged -> events);
    }

    /**
     * Kafka's outcome of publishing these registrations: a batch as one transaction (all or none),
     * a single registration as it is.
     */
    private CompletableFuture<Void> publish(
            String endpoint, List<BabyRegistered> events, String correlationId, long deadline) {
        long start = System.nanoTime();
        CompletableFuture<Void> outcome = BATCH_ENDPOINT.equals(endpoint)
                ? publishAsOne(events, correlationId)
                : publishAll(events, correlationId, deadline);
        return outcome.whenComplete(
                (acknowledged, error) -> metrics.publish().record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
    }

    /**
     * The client's answer: 202 once Kafka has every registration, a 503 problem when it failed or
     * did not confirm by the deadline (the outcome itself is left to complete; nothing waits for it).
     */
    private CompletableFuture<Void> answer(
            CompletableFuture<Void> outcome, long deadline, List<BabyRegistered> events, String correlationId) {
        return outcome.copy()
                .orTimeout(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                .handle((acknowledged, error) -> {
                    if (error != null) {
                        throw notConfirmed(events, correlationId, unwrap(error));
                    }
                    return null;
                });
    }

    /** On the caller's thread (batches run on the blocking pool): done when Kafka committed all of them. */
    private CompletableFuture<Void> publishAsOne(List<BabyRegistered> events, String correlationId) {
        try {
            batches.publish(events, correlationId);
            return CompletableFuture.completedFuture(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
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

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /**
     * Nothing waits here for Kafka: the returned future completes from the producer's callbacks, so
     * no thread is parked per request in flight.
     */
    private CompletableFuture<Void> publishAll(List<BabyRegistered> events, String correlationId, long deadline) {
        CompletableFuture<?>[] acks = new CompletableFuture<?>[events.size()];
        for (int i = 0; i < acks.length; i++) {
            acks[i] = send.publish(events.get(i), correlationId, deadline);
        }
        return CompletableFuture.allOf(acks);
    }
}
