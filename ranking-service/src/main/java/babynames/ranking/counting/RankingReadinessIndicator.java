package babynames.ranking.counting;

import babynames.events.BrokerProbe;
import babynames.events.KafkaConnection;
import babynames.ranking.RankingEnvironments;
import babynames.ranking.SchemaMigration;
import babynames.ranking.outbox.OutboxRelay;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.annotation.PreDestroy;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * Ready when the schema is migrated, the broker answers, and counting and the outbox relay are not
 * failing. Made as the service starts, and asks the broker at once: the first readiness call then
 * finds the answer on its way rather than making an admin client first.
 */
@Context
@Readiness
@Requires(notEnv = RankingEnvironments.ADMIN)
final class RankingReadinessIndicator implements HealthIndicator {
    private final SchemaMigration schema;
    private final RegistrationListener listener;
    private final OutboxRelay relay;
    private final BrokerProbe probe;

    RankingReadinessIndicator(
            SchemaMigration schema, RegistrationListener listener, OutboxRelay relay, KafkaConnection kafka) {
        this.schema = schema;
        this.listener = listener;
        this.relay = relay;
        this.probe = new BrokerProbe(kafka);
        probe.answers();
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.fromCompletableFuture(() -> probe.answers().thenApply(answers -> {
            boolean ready = answers && schema.isMigrated() && !listener.failing() && relay.healthy();
            return HealthResult.builder("ranking", ready ? HealthStatus.UP : HealthStatus.DOWN)
                    .details(Map.of(
                            "brokerAnswers", answers,
                            "schemaMigrated", schema.isMigrated(),
                            "countingFailing", listener.failing(),
                            "outboxRelayHealthy", relay.healthy()))
                    .build();
        }));
    }

    @PreDestroy
    void close() {
        probe.close();
    }
}
