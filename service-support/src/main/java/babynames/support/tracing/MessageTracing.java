package babynames.support.tracing;

import babynames.events.EventHeaders;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Trace context through Kafka, the W3C way ({@code traceparent} and {@code tracestate} headers),
 * and the spans of the messaging steps, named and attributed as OpenTelemetry's messaging
 * conventions say. A record's trace context is that of the span that sent it; a span that handles
 * many records at once (a counted batch) links to each of theirs instead of having one parent.
 */
@Singleton
public final class MessageTracing {
    /** The correlation id of logs and problem bodies, on spans too, so one finds the other. */
    public static final AttributeKey<String> CORRELATION_ID = AttributeKey.stringKey("babynames.correlation_id");

    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    private static final AttributeKey<String> KEY = AttributeKey.stringKey("messaging.kafka.message.key");
    private static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("messaging.batch.message_count");
    private static final AttributeKey<Long> PARTITION = AttributeKey.longKey("messaging.destination.partition.id");
    private static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");

    private static final TextMapGetter<Headers> FROM_HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            List<String> keys = new ArrayList<>();
            headers.forEach(h -> keys.add(h.key()));
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            return headers == null ? null : EventHeaders.text(headers, key).orElse(null);
        }
    };

    private static final TextMapSetter<Headers> INTO_HEADERS =
            (headers, key, value) -> headers.remove(key).add(key, value.getBytes(StandardCharsets.UTF_8));

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    public MessageTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("babynames");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /**
     * Starts the span of sending {@code record} (a child of {@code parent}) and puts its context in
     * the record's headers, replacing any there; end it when the broker has acknowledged the record.
     */
    public Span startSend(ProducerRecord<String, ?> record, Context parent) {
        Span span = span("send", record.topic(), SpanKind.PRODUCER, "send")
                .setParent(parent)
                .setAttribute(KEY, record.key())
                .startSpan();
        tagCorrelationId(span, record.headers());
        propagator.inject(parent.with(span), record.headers(), INTO_HEADERS);
        return span;
    }

    /**
     * Sends {@code record} with {@code producer} inside its send span ({@link #startSend}), which
     * ends when the broker answers, or at once when {@code send} itself throws (a closed producer,
     * an interrupt, a record it cannot serialize), the exception then rethrown.
     */
    public <V> Future<RecordMetadata> send(
            Producer<String, V> producer, ProducerRecord<String, V> record, Context parent) {
        Span span = startSend(record, parent);
        try {
            return producer.send(record, (metadata, error) -> end(span, error));
        } catch (RuntimeException e) {
            end(span, e);
            throw e;
        }
    }

    /**
     * Starts the span of sending {@code records} together (one Kafka transaction) and puts its
     * context in each record's headers; end it when the transaction has committed.
     */
    public Span startSendBatch(String topic, List<ProducerRecord<String, byte[]>> records, Context parent) {
        Span span = span("send", topic, SpanKind.PRODUCER, "send")
                .setParent(parent)
                .setAttribute(BATCH_SIZE, (long) records.size())
                .startSpan();
        Context sending = parent.with(span);
        for (ProducerRecord<String, byte[]> record : records) {
            propagator.inject(sending, record.headers(), INTO_HEADERS);
        }
        return span;
    }

    /** Ends {@code span}, marked as failed with {@code error} when there is one. */
    public static void end(Span span, Throwable error) {
        if (error != null) {
            span.recordException(error);
            span.setStatus(StatusCode.ERROR, error.toString());
        }
        span.end();
    }

    /** Starts the span of processing one record, a child of the span that sent it. */
    public Span startProcess(String operation, ConsumerRecord<String, byte[]> record) {
        Span span = span(operation, record.topic(), SpanKind.CONSUMER, "process")
                .setParent(contextOf(record.headers()))
                .setAttribute(PARTITION, (long) record.partition())
                .setAttribute(OFFSET, record.offset())
                .startSpan();
        tagCorrelationId(span, record.headers());
        return span;
    }

    /**
     * Runs {@code work} inside the span of processing {@code record} ({@link #startProcess}), the
     * current span while it runs (so {@code work} can add attributes to it), and ends the span after.
     */
    public void process(String operation, ConsumerRecord<String, byte[]> record, Runnable work) {
        Span span = startProcess(operation, record);
        try (Scope ignored = span.makeCurrent()) {
            work.run();
        } finally {
            span.end();
        }
    }

    /**
     * Starts the span of processing a batch of records at once: a trace of its own, linked to the
     * span that sent each record (with that record's correlation id on the link). OpenTelemetry
     * keeps 128 links per span unless {@code OTEL_SPAN_LINK_COUNT_LIMIT} says more.
     */
    public Span startBatch(String operation, String topic, Iterable<ConsumerRecord<String, byte[]>> records) {
        SpanBuilder builder =
                span(operation, topic, SpanKind.CONSUMER, "process").setNoParent();
        long count = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            count++;
            SpanContext sent = Span.fromContext(contextOf(record.headers())).getSpanContext();
            if (sent.isValid()) {
                builder.addLink(
                        sent,
                        Attributes.of(
                                CORRELATION_ID,
                                EventHeaders.text(record.headers(), EventHeaders.CORRELATION_ID)
                                        .orElse("")));
            }
        }
        return builder.setAttribute(BATCH_SIZE, count).startSpan();
    }

    /** The trace context a record carries (the root context when it carries none). */
    public Context contextOf(Headers headers) {
        return propagator.extract(Context.root(), headers, FROM_HEADERS);
    }

    /** The current trace context as headers, for storing with something to be sent later (an outbox row). */
    public List<Header> currentContextHeaders() {
        Headers headers = new RecordHeaders();
        propagator.inject(Context.current(), headers, INTO_HEADERS);
        List<Header> list = new ArrayList<>();
        headers.forEach(h -> list.add(new RecordHeader(h.key(), h.value())));
        return list;
    }

    /** A span named and attributed by the messaging conventions: {@code <operation> <topic>}. */
    private SpanBuilder span(String operation, String topic, SpanKind kind, String operationType) {
        return tracer.spanBuilder(operation + " " + topic)
                .setSpanKind(kind)
                .setAllAttributes(Attributes.of(SYSTEM, "kafka", DESTINATION, topic, OPERATION, operationType));
    }

    private static void tagCorrelationId(Span span, Headers headers) {
        EventHeaders.text(headers, EventHeaders.CORRELATION_ID).ifPresent(id -> span.setAttribute(CORRELATION_ID, id));
    }
}
