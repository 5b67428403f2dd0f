package babynames.support;

import babynames.events.TopicNames;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/** The topic names of this deployment, from {@code KAFKA_TOPIC_PREFIX} (empty by default). */
@Factory
final class TopicNamesFactory {
    @Singleton
    TopicNames topicNames(@Value("${babynames.kafka.topic-prefix:}") String prefix) {
        return TopicNames.withPrefix(prefix);
    }
}
