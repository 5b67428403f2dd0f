package babynames.ranking.outbox;

import babynames.events.EventHeaders;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A Kafka record waiting in the outbox. A top-10 change carries its event type and correlation id
 * (columns of their own, readable in psql); a dead letter carries the headers it was received with.
 */
public record OutboxRecord(
        String topic, String key, byte[] payload, String eventType, String correlationId, List<Header> headers) {

    /**
     * A record of this system's own, with the two headers every record carries and {@code headers}
     * (the trace context it was written in).
     */
    public static OutboxRecord event(
            String topic, String key, byte[] payload, String eventType, String correlationId, List<Header> headers) {
        return new OutboxRecord(topic, key, payload, eventType, correlationId, List.copyOf(headers));
    }

    /** A copy of a record as received, plus headers saying why it could not be used. */
    public static OutboxRecord copy(String topic, String key, byte[] payload, Headers received, List<Header> added) {
        List<Header> headers = new ArrayList<>();
        received.forEach(headers::add);
        headers.addAll(added);
        return new OutboxRecord(topic, key, payload, null, null, List.copyOf(headers));
    }

    /** The headers to publish with: event type and correlation id (when set) first, then the rest. */
    public Headers kafkaHeaders() {
        RecordHeaders kafkaHeaders = new RecordHeaders();
        if (eventType != null) {
            kafkaHeaders.add(EventHeaders.EVENT_TYPE, EventHeaders.bytes(eventType));
        }
        if (correlationId != null) {
            kafkaHeaders.add(EventHeaders.CORRELATION_ID, EventHeaders.bytes(correlationId));
        }
        headers.forEach(kafkaHeaders::add);
        return kafkaHeaders;
    }
}
