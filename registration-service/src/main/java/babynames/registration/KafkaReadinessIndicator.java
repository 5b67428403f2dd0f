package babynames.registration;

import babynames.events.BrokerProbe;
import babynames.events.KafkaConnection;
import babynames.events.TopicNames;
import babynames.events.TopicSetup;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.annotation.PreDestroy;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Publisher;

/**
 * Ready once the topics exist, the broker answers and the producer knows the topic: before that, a
 * registration could not be taken. Created with the context (not on first use) because it starts
 * the topic set-up, and with it the producer, which starts learning the topic.
 */
@Context
@Readiness
final class KafkaReadinessIndicator implements HealthIndicator {
    private final CompletableFuture<Void> topics;
    private final BrokerProbe probe;
    private final RegistrationPublisher publisher;

    KafkaReadinessIndicator(
            KafkaConnection kafka,
            @Value("${babynames.kafka.registration-partitions}") int partitions,
            TopicNames topicNames,
            RegistrationPublisher publisher) {
        this.publisher = publisher;
        this.topics = TopicSetup.ensureTopicsInBackground(kafka, topicNames, partitions);
        this.probe = new BrokerProbe(kafka);
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.fromCompletableFuture(() -> probe.answers().thenApply(answers -> {
            boolean ready = answers && topics.isDone() && !topics.isCompletedExceptionally() && publisher.knowsTopic();
            return HealthResult.builder("kafka", ready ? HealthStatus.UP : HealthStatus.DOWN)
                    .details(Map.of(
                            "brokerAnswers",
                            answers,
                            "topicsCreated",
                            topics.isDone(),
                            "producerKnowsTopic",
                            publisher.knowsTopic()))
                    .build();
        }));
    }

    @PreDestroy
    void close() {
        probe.close();
    }
}
