package babynames.stream;

import babynames.events.BabyRegistered;
import babynames.events.EventHeaders;
import babynames.events.EventJson;
import babynames.events.Top10Changed;
import babynames.events.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Turns a Kafka record into the SSE event clients see; empty for a record it cannot read. */
final class StreamEventMapper {
    private final EventJson json;

    StreamEventMapper(EventJson json) {
        this.json = json;
    }

    Optional<StreamEvent> map(ConsumerRecord<String, byte[]> record) {
        String id = new StreamPosition(record.topic(), record.partition(), record.offset()).encode();
        try {
            if (Topics.BABY_REGISTRATIONS.equals(record.topic())) {
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
