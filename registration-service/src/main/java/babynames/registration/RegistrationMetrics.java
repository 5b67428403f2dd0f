package babynames.registration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

/**
 * What the intake measures. {@code babynames.registrations.accepted} is the left-hand side of the
 * flow invariant: accepted = counted + duplicates + dead-lettered (the ranker has the right side).
 */
@Singleton
final class RegistrationMetrics {
    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter replays;
    private final Counter brokerErrors;
    private final Timer publish;

    RegistrationMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = Counter.builder("babynames.registrations.accepted")
                .description("Registrations Kafka took (answered 202, or taken late, after a 503)")
                .register(registry);
        this.replays = Counter.builder("babynames.registrations.idempotent.replays")
                .description("Requests answered from the idempotency ledger, without publishing again")
                .register(registry);
        this.brokerErrors = Counter.builder("babynames.registrations.broker.errors")
                .description("Publishes Kafka did not confirm in time (answered 503)")
                .register(registry);
        this.publish = Timer.builder("babynames.registrations.publish")
                .description("From sending to Kafka's acknowledgement of a request's records")
                .publishPercentileHistogram()
                .register(registry);
    }

    void accepted(int registrations) {
        accepted.increment(registrations);
    }

    void replayed() {
        replays.increment();
    }

    void brokerError() {
        brokerErrors.increment();
    }

    Timer publish() {
        return publish;
    }

    void rejected(String reason) {
        Counter.builder("babynames.registrations.rejected")
                .description("Requests refused, by problem type")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }
}
