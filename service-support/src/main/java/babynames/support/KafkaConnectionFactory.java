package babynames.support;

import babynames.events.KafkaConnection;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/**
 * How this service connects to Kafka: {@code KAFKA_BOOTSTRAP_SERVERS}, and every other
 * {@code KAFKA_} variable of the process's environment that names a client property
 * ({@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_JAAS_CONFIG}, ...; see {@link KafkaConnection}).
 */
@Factory
final class KafkaConnectionFactory {
    @Singleton
    KafkaConnection kafkaConnection(@Value("${babynames.kafka.bootstrap-servers}") String bootstrapServers) {
        return KafkaConnection.fromEnvironment(bootstrapServers, System.getenv());
    }
}
