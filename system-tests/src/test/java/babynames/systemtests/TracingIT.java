package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.events.EventHeaders;
import babynames.events.KafkaConnection;
import babynames.events.Readers;
import babynames.localstack.ServiceStack;
import babynames.localstack.ServiceStack.Service;
import babynames.systemtests.OtlpReceiver.ReceivedSpan;
import babynames.testsupport.SseRecorder;
import babynames.testsupport.TestNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The four services export their spans over OTLP to a receiver in this test, and one registration
 * is followed through all of them: the client's trace continues in registration-service's request
 * and its send, the ranker's counting transaction links to that send, the top-10 change it wrote
 * to the outbox is sent by the relay in the counting span's trace, query-api's applying it to its
 * read model and stream-api's deliveries of both events are children of the sends, and the SSE
 * events carry the sends' trace context; a name looked up through query-api is one trace down to
 * ranking-service's answer. Without an
 * endpoint, no trace context is written at all.
 */
class TracingIT {
    private static final Duration SPANS_ARRIVE = Duration.ofSeconds(30);

    @Test
    void oneRegistrationIsOneChainOfSpansFromTheRequestToTheStream() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            RankerHarness harness = exportingTo(receiver);
            try (ServiceStack stack = harness.stack) {
                stack.startAll();
                stack.awaitAllReady(Duration.ofMinutes(2));
                String traceId = randomHex(16);
                String clientSpanId = randomHex(8);
                String correlationId = "trace-" + TestNames.unique();
                String name = TestNames.unique();
                String babyEvent;
                String top10Event;
                try (SseRecorder stream = SseRecorder.connect(stack.url(Service.STREAM) + "/stream")) {
                    Awaitility.await().atMost(Duration.ofSeconds(10)).until(stream::connected);

                    assertEquals(
                            202,
                            Http.post(
                                            stack.url(Service.REGISTRATION) + "/baby",
                                            "{\"name\":\"" + name + "\",\"sex\":\"female\"}",
                                            "traceparent",
                                            "00-" + traceId + "-" + clientSpanId + "-01",
                                            "X-Correlation-ID",
                                            correlationId)
                                    .statusCode());
                    Awaitility.await()
                            .atMost(Duration.ofSeconds(30))
                            .until(() -> stream.events("top10").stream()
                                    .anyMatch(e -> e.data().contains(name)));
                    babyEvent = dataOf(stream, "baby", name);
                    top10Event = dataOf(stream, "top10", name);
                }

                ReceivedSpan request = await(
                        receiver,
                        "registration-service's request",
                        s -> s.service().equals("registration-service")
                                && s.kind().equals("SERVER")
                                && s.traceId().equals(traceId)
                                && s.parentSpanId().equals(clientSpanId));
                assertEquals(correlationId, request.attributes().get("babynames.correlation_id"));
                ReceivedSpan send = await(
                        receiver,
                        "the send of the registration",
                        s -> s.service().equals("registration-service")
                                && s.name().equals("send " + harness.topics.registrations())
                                && s.childOf(request));
                assertEquals("PRODUCER", send.kind());
                assertEquals(correlationId, send.attributes().get("babynames.correlation_id"));

                await(
                        receiver,
                        "stream-api's delivery of the registration",
                        s -> s.service().equals("stream-api")
                                && s.name().equals("deliver " + harness.topics.registrations())
                                && s.childOf(send));

                ReceivedSpan count = await(
                        receiver,
                        "the counting transaction linked to the send",
                        s -> s.service().equals("ranking-service")
                                && s.name().equals("count " + harness.topics.registrations())
                                && s.links().stream()
                                        .anyMatch(l -> l.traceId().equals(traceId)
                                                && l.spanId().equals(send.spanId())
                                                && correlationId.equals(
                                                        l.attributes().get("babynames.correlation_id"))));
                assertEquals("1", count.attributes().get("babynames.registrations.counted"));

                ReceivedSpan relayed = await(
                        receiver,
                        "the relay's send of the top-10 change",
                        s -> s.service().equals("ranking-service")
                                && s.name().equals("send " + harness.topics.top10Changed())
                                && s.childOf(count));
                await(
                        receiver,
                        "stream-api's delivery of the top-10 change",
                        s -> s.service().equals("stream-api")
                                && s.name().equals("deliver " + harness.topics.top10Changed())
                                && s.childOf(relayed));
                ReceivedSpan applied = await(
                        receiver,
                        "query-api's applying the top-10 change to its read model",
                        s -> s.service().equals("query-api")
                                && s.name().equals("apply " + harness.topics.top10Changed())
                                && s.childOf(relayed));
                assertEquals("CONSUMER", applied.kind());
                assertEquals("true", applied.attributes().get("babynames.top10.applied"));
                assertEquals(correlationId, applied.attributes().get("babynames.correlation_id"));

                // The SSE events carry the trace context of the records they came from.
                assertTrue(babyEvent.contains(traceparent(send)), babyEvent);
                assertTrue(top10Event.contains(traceparent(relayed)), top10Event);
            }
        }
    }

    @Test
    void aNameLookupIsOneTraceThroughQueryApiAndRankingService() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            RankerHarness harness = exportingTo(receiver);
            try (ServiceStack stack = harness.stack) {
                stack.start(Service.RANKING);
                stack.start(Service.QUERY);
                stack.awaitAllReady(Duration.ofMinutes(2));
                String traceId = randomHex(16);
                String clientSpanId = randomHex(8);
                String correlationId = "trace-" + TestNames.unique();

                // A name nobody registered: ranking-service answers 404, which query-api passes on.
                assertEquals(
                        404,
                        Http.get(
                                        stack.url(Service.QUERY) + "/names/" + TestNames.unique() + "?sex=female",
                                        "traceparent",
                                        "00-" + traceId + "-" + clientSpanId + "-01",
                                        "X-Correlation-ID",
                                        correlationId)
                                .statusCode());

                ReceivedSpan lookup = await(
                        receiver,
                        "query-api's request",
                        s -> s.service().equals("query-api")
                                && s.kind().equals("SERVER")
                                && s.traceId().equals(traceId)
                                && s.parentSpanId().equals(clientSpanId));
                ReceivedSpan asked = await(
                        receiver,
                        "query-api's call to ranking-service",
                        s -> s.service().equals("query-api") && s.kind().equals("CLIENT") && s.childOf(lookup));
                ReceivedSpan answered = await(
                        receiver,
                        "ranking-service's answer",
                        s -> s.service().equals("ranking-service") && s.kind().equals("SERVER") && s.childOf(asked));
                assertEquals(correlationId, answered.attributes().get("babynames.correlation_id"));
            }
        }
    }

    @Test
    void withoutAnEndpointNoTraceContextIsWritten() throws Exception {
        RankerHarness harness = new RankerHarness(Map.of());
        try (ServiceStack stack = harness.stack) {
            stack.start(Service.REGISTRATION);
            stack.awaitAllReady(Duration.ofMinutes(2));
            String name = TestNames.unique();
            assertEquals(
                    202,
                    Http.post(
                                    stack.url(Service.REGISTRATION) + "/baby",
                                    "{\"name\":\"" + name + "\",\"sex\":\"male\"}",
                                    "traceparent",
                                    "00-" + randomHex(16) + "-" + randomHex(8) + "-01")
                            .statusCode());

            ConsumerRecord<String, byte[]> record = firstRecord(harness);
            assertTrue(EventHeaders.text(record.headers(), EventHeaders.CORRELATION_ID)
                    .isPresent());
            assertFalse(
                    EventHeaders.text(record.headers(), "traceparent").isPresent(),
                    "tracing is off without OTEL_EXPORTER_OTLP_ENDPOINT, so nothing is propagated");
        }
    }

    /** Services that send their spans to {@code receiver}, each batch within 100 ms. */
    private static RankerHarness exportingTo(OtlpReceiver receiver) {
        return new RankerHarness(Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "OTEL_BSP_SCHEDULE_DELAY", "100"));
    }

    private static String dataOf(SseRecorder stream, String type, String name) {
        return stream.events(type).stream()
                .filter(e -> e.data().contains(name))
                .findFirst()
                .orElseThrow()
                .data();
    }

    private static String traceparent(ReceivedSpan span) {
        return "\"traceparent\":\"00-" + span.traceId() + "-" + span.spanId() + "-01\"";
    }

    private static ConsumerRecord<String, byte[]> firstRecord(RankerHarness harness) {
        try (KafkaConsumer<String, byte[]> consumer = Readers.assignOnly(KafkaConnection.plaintext(harness.kafka()))) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(harness.topics.registrations())
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return !received.isEmpty();
            });
            return received.get(0);
        }
    }

    private static ReceivedSpan await(OtlpReceiver receiver, String what, Predicate<ReceivedSpan> wanted) {
        Optional<ReceivedSpan>[] found = new Optional[] {Optional.empty()};
        try {
            Awaitility.await().atMost(SPANS_ARRIVE).until(() -> {
                found[0] = receiver.spans().stream().filter(wanted).findFirst();
                return found[0].isPresent();
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("No span for " + what + " within " + SPANS_ARRIVE + "; received:\n"
                    + String.join(
                            "\n",
                            receiver.spans().stream().map(Object::toString).toList()));
        }
        return found[0].orElseThrow();
    }

    private static String randomHex(int bytes) {
        byte[] id = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(id);
        id[0] |= 1;
        return HexFormat.of().formatHex(id);
    }
}
