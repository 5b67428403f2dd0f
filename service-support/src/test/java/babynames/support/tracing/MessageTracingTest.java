package babynames.support.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The send span ends however a send ends: acknowledged, failed later, or refused at once; a record
 * is processed inside a span that continues its send's trace.
 */
class MessageTracingTest {
    private final List<SpanData> ended = new CopyOnWriteArrayList<>();
    private final MessageTracing tracing = new MessageTracing(OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(new Collecting()))
                    .build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build());
    private final MockProducer<String, String> producer =
            new MockProducer<>(false, null, new StringSerializer(), new StringSerializer());

    @Test
    void theSpanEndsWhenTheBrokerAcknowledges() {
        tracing.send(producer, record(), Context.root());
        assertEquals(List.of(), ended);

        producer.completeNext();

        assertEquals(1, ended.size());
        assertEquals("send top10-changed", ended.get(0).getName());
        assertEquals(StatusCode.UNSET, ended.get(0).getStatus().getStatusCode());
    }

    @Test
    void theSpanEndsFailedWhenTheSendFailsLater() {
        tracing.send(producer, record(), Context.root());

        producer.errorNext(new KafkaException("not acknowledged"));

        assertEquals(1, ended.size());
        assertEquals(StatusCode.ERROR, ended.get(0).getStatus().getStatusCode());
    }

    @Test
    void theSpanEndsFailedWhenSendThrowsAtOnce() {
        KafkaException refused = new KafkaException("producer closed");
        producer.sendException = refused;

        assertSame(refused, assertThrows(KafkaException.class, () -> tracing.send(producer, record(), Context.root())));

        assertEquals(1, ended.size(), "the span of a send that threw is ended");
        assertEquals(StatusCode.ERROR, ended.get(0).getStatus().getStatusCode());
        assertEquals(
                "org.apache.kafka.common.KafkaException: producer closed",
                ended.get(0).getStatus().getDescription());
    }

    @Test
    void aRecordIsProcessedInsideItsSpanWhichEndsAfterAChildOfItsSend() {
        SpanContext sent = SpanContext.create(
                "0af7651916cd43dd8448eb211c80319c",
                "b7ad6b7169203331",
                TraceFlags.getSampled(),
                TraceState.getDefault());
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("top10-changed", 0, 7L, "female", new byte[0]);
        record.headers().add("traceparent", ("00-" + sent.getTraceId() + "-" + sent.getSpanId() + "-01").getBytes());
        AttributeKey<Long> seen = AttributeKey.longKey("seen");

        tracing.process("apply", record, () -> {
            assertEquals(List.of(), ended, "not ended while the work runs");
            Span.current().setAttribute(seen, 1L);
        });

        assertEquals(1, ended.size());
        SpanData span = ended.get(0);
        assertEquals("apply top10-changed", span.getName());
        assertEquals(sent.getTraceId(), span.getTraceId());
        assertEquals(sent.getSpanId(), span.getParentSpanId());
        assertEquals(1L, span.getAttributes().get(seen));
        assertFalse(Span.current().getSpanContext().isValid(), "no longer current after the work");
    }

    private static ProducerRecord<String, String> record() {
        return new ProducerRecord<>("top10-changed", "female", "{}");
    }

    private final class Collecting implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            ended.addAll(spans);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
