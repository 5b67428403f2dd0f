package babynames.stream;

import babynames.events.BabyRegistered;
import babynames.events.EventHeaders;
import babynames.events.EventJson;
import babynames.events.Top10Changed;
import babynames.events.TopicNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Turns a Kafka record into the SSE event clients see; empty for a record it cannot read. */
final class StreamEventMapper {
    private final EventJson json;
    private final TopicNames topics;

    StreamEventMapper(EventJson json, TopicNames topics) {
        this.json = json;
        this.topics = topics;
    }

    Optional<StreamEvent> map(ConsumerRecord<String, byte[]> record) {
        boolean registration = topics.registrations().equals(record.topic());
        StreamPosition.Feed feed = registration ? StreamPosition.Feed.REGISTRATIONS : StreamPosition.Feed.TOP10;
        String id = new StreamPosition(feed, record.partition(), record.offset()).encode();
        try {
            if (registration) {
                BabyRegistered event = json.read(record.value(), BabyRegistered.class);
                String correlationId = correlationId(record, event.eventId().toString());
                var payload = new StreamPayloads.Baby(
                        event.eventId(), event.name(), event.sex().wireName(), event.registeredAt(), correlationId);
                return Optional.of(new StreamEvent(id, StreamEvent.BABY, text(payload), event.sex()));
            }
            Top10Changed event = json.read(record.value(), Top10Changed.class);
            var payload = new StreamPayloads.Top10(
                    event.sex().wireName(), event.version(), event.names(), correlationId(record, event.causedBy()));
            return Optional.of(new StreamEvent(id, StreamEvent.TOP10, text(payload), event.sex()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private String text(Object payload) {
        return new String(json.write(payload), StandardCharsets.UTF_8);
    }

    private static String correlationId(ConsumerRecord<String, byte[]> record, String fallback) {
        return EventHeaders.text(record.headers(), EventHeaders.CORRELATION_ID).orElse(fallback);
    }
}
