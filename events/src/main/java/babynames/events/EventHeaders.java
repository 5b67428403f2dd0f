package babynames.events;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** The Kafka headers every record carries, and how to read them. */
public final class EventHeaders {
    public static final String CORRELATION_ID = "correlation-id";
    public static final String EVENT_TYPE = "event-type";
    /**
     * W3C trace context of the span that sent the record; written only by services that record
     * traces (OTEL_EXPORTER_OTLP_ENDPOINT set).
     */
    public static final String TRACEPARENT = "traceparent";

    public static final String DLQ_REASON = "dlq-reason";
    /** Where a dead-lettered record was read: {@code topic/partition/offset}. */
    public static final String DLQ_SOURCE = "dlq-source";

    private EventHeaders() {}

    /** The last value of a header as UTF-8 text, if the record has it. */
    public static Optional<String> text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        if (header == null || header.value() == null) {
            return Optional.empty();
        }
        return Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    public static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
