package babynames.stream;

import babynames.events.BabyRegistered;
import babynames.events.EventHeaders;
import babynames.events.EventJson;
import babynames.events.Sex;
import babynames.events.Top10Changed;
import babynames.events.TopicNames;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Turns a Kafka record into the SSE event clients see; empty for a record it cannot read. */
@Singleton
final class StreamEventMapper {
    private final EventJson json;
    private final TopicNames topics;

    StreamEventMapper(JsonMapper jsonMapper, TopicNames topics) {
        this.json = new EventJson(jsonMapper);
        this.topics = topics;
    }

    Feed feedOf(String topic) {
        return Feed.ofTopic(topics, topic);
    }

    /** The event for this record, for a stream whose cursor is {@code after} once it is sent. */
    Optional<StreamEvent> map(ConsumerRecord<String, byte[]> record, StreamCursor after) {
        Feed feed = feedOf(record.topic());
        try {
            if (feed == Feed.REGISTRATIONS) {
                BabyRegistered event = json.read(record.value(), BabyRegistered.class);
                String correlationId = correlationId(record, event.eventId().toString());
                var payload = new StreamPayloads.Baby(
                        event.eventId(),
                        event.name(),
                        event.sex().wireName(),
                        event.registeredAt(),
                        correlationId,
                        traceparent(record));
                return Optional.of(event(record, StreamEvent.BABY, payload, event.sex(), after));
            }
            Top10Changed event = json.read(record.value(), Top10Changed.class);
            var payload = new StreamPayloads.Top10(
                    event.sex().wireName(),
                    event.version(),
                    event.names(),
                    correlationId(record, event.causedBy()),
                    traceparent(record));
            return Optional.of(event(record, StreamEvent.TOP10, payload, event.sex(), after));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private StreamEvent event(
            ConsumerRecord<String, byte[]> record, String type, Object payload, Sex sex, StreamCursor after) {
        String data = new String(json.write(payload), StandardCharsets.UTF_8);
        return StreamEvent.of(
                type,
                data,
                sex,
                feedOf(record.topic()),
                record.partition(),
                record.offset(),
                record.timestamp(),
                after);
    }

    private static String traceparent(ConsumerRecord<String, byte[]> record) {
        return EventHeaders.text(record.headers(), EventHeaders.TRACEPARENT).orElse(null);
    }

    private static String correlationId(ConsumerRecord<String, byte[]> record, String fallback) {
        return EventHeaders.text(record.headers(), EventHeaders.CORRELATION_ID).orElse(fallback);
    }
}
