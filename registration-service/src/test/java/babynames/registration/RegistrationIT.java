package babynames.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.events.BabyRegistered;
import babynames.events.EventHeaders;
import babynames.events.EventJson;
import babynames.events.Sex;
import babynames.testsupport.BackingServices;
import babynames.testsupport.TestNames;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The intake contract against a real broker: what is accepted is on the topic, what is refused is not. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistrationIT implements TestPropertyProvider {
    private static final int PARTITIONS = 3;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        return properties();
    }

    private static Map<String, String> properties() {
        return Map.of(
                "babynames.kafka.bootstrap-servers", BackingServices.shared().kafkaBootstrapServers(),
                "babynames.kafka.registration-partitions", String.valueOf(PARTITIONS),
                // Any free port: 8081 may be a local stack's registration-service.
                "micronaut.server.port", "-1");
    }

    @Test
    void anAcceptedRegistrationIsOnTheTopicWithItsKeyPartitionAndHeaders() throws Exception {
        String name = TestNames.unique();

        HttpResponse<Map> response = client.toBlocking()
                .exchange(
                        HttpRequest.POST("/baby", Map.of("name", "  " + name.toLowerCase() + " ", "sex", "female"))
                                .header("X-Correlation-ID", "it-" + name),
                        Map.class);

        assertEquals(202, response.code());
        assertEquals("it-" + name, response.header("X-Correlation-ID"));
        Map<?, ?> body = response.body();
        assertEquals(name, body.get("name"));
        assertEquals("it-" + name, body.get("correlationId"));
        ConsumerRecord<String, byte[]> record = single(RegistrationTopic.readUpTo(name), name);
        BabyRegistered event = EventJson.createDefault().read(record.value(), BabyRegistered.class);
        assertEquals(UUID.fromString((String) body.get("id")), event.eventId());
        assertEquals(BabyRegistered.SCHEMA_VERSION, event.schemaVersion());
        assertEquals(Sex.FEMALE, event.sex());
        assertEquals("female:" + name, record.key());
        int expectedPartition =
                Utils.toPositive(Utils.murmur2(record.key().getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
        assertEquals(expectedPartition, record.partition());
        assertEquals(
                "it-" + name,
                EventHeaders.text(record.headers(), EventHeaders.CORRELATION_ID).orElseThrow());
        assertEquals(
                BabyRegistered.EVENT_TYPE,
                EventHeaders.text(record.headers(), EventHeaders.EVENT_TYPE).orElseThrow());
    }

    @Test
    void everyRejectedRequestIsAProblemAndPublishesNothing() {
        List<String> refusedNames = new ArrayList<>();
        Function<Integer, String> fresh = ignored -> {
            String name = TestNames.unique();
            refusedNames.add(name);
            return name;
        };
        String tooLong = "{\"name\":\"" + fresh.apply(0) + "\",\"sex\":\"male\",\"pad\":\"" + "x".repeat(5000) + "\"}";

        assertProblem(400, "malformed-json", json("/baby", "{\"name\":\"" + fresh.apply(0) + "\",\"sex\":"));
        assertProblem(400, "malformed-json", json("/baby", ""));
        assertProblem(400, "invalid-registration", json("/baby", "{\"name\":42,\"sex\":\"male\"}"));
        assertProblem(400, "invalid-registration", json("/baby", "{\"name\":\"" + fresh.apply(0) + "\"}"));
        assertProblem(
                400, "invalid-registration", json("/baby", "{\"name\":\"" + fresh.apply(0) + "\",\"sex\":\"robot\"}"));
        assertProblem(
                400, "invalid-registration", json("/baby", "{\"name\":\"" + fresh.apply(0) + "7\",\"sex\":\"male\"}"));
        assertProblem(400, "invalid-registration", json("/baby", "[\"" + fresh.apply(0) + "\",\"male\"]"));
        assertProblem(413, "body-too-large", json("/baby", tooLong));
        assertProblem(
                415,
                "unsupported-media-type",
                HttpRequest.POST("/baby", "{\"name\":\"" + fresh.apply(0) + "\",\"sex\":\"male\"}")
                        .contentType(MediaType.TEXT_PLAIN));
        assertProblem(404, "not-found", json("/babys", "{\"name\":\"" + fresh.apply(0) + "\",\"sex\":\"male\"}"));
        assertProblem(
                400,
                "invalid-batch",
                json(
                        "/babies",
                        "[{\"name\":\"" + fresh.apply(0) + "\",\"sex\":\"male\"},{\"name\":\"X1\",\"sex\":\"male\"}]"));
        String marker = TestNames.unique();
        client.toBlocking().exchange(HttpRequest.POST("/baby", Map.of("name", marker, "sex", "male")));

        List<ConsumerRecord<String, byte[]>> published = RegistrationTopic.readUpTo(marker);
        for (String refused : refusedNames) {
            assertEquals(List.of(), RegistrationTopic.withName(published, refused), refused + " was published");
        }
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyGetsTheSameIdAndIsPublishedOnce() {
        String name = TestNames.unique();
        String key = "key-" + name;

        Map<?, ?> first = postWithKey("/baby", Map.of("name", name, "sex", "male"), key);
        Map<?, ?> retry = postWithKey("/baby", Map.of("name", name, "sex", "male"), key);

        assertEquals(first.get("id"), retry.get("id"));
        assertEquals(
                1,
                RegistrationTopic.withName(RegistrationTopic.readUpTo(name), name)
                        .size());
    }

    @Test
    void aSingleAndABatchWithOneKeyOnTwoInstancesAreBothPublishedWithDistinctIds() throws Exception {
        String name = TestNames.unique();
        String other = TestNames.unique();
        String key = "key-" + name;
        Map<?, ?> single = postWithKey("/baby", Map.of("name", name, "sex", "male"), key);
        // Another instance (or this one after a restart) has never seen the key.
        try (EmbeddedServer second = ApplicationContext.run(
                        EmbeddedServer.class, new java.util.HashMap<String, Object>(properties()));
                HttpClient secondClient = HttpClient.create(second.getURL())) {
            secondClient
                    .toBlocking()
                    .exchange(
                            HttpRequest.POST(
                                            "/babies",
                                            List.of(
                                                    Map.of("name", name, "sex", "male"),
                                                    Map.of("name", other, "sex", "female")))
                                    .header("Idempotency-Key", key),
                            Map.class);
        }

        List<ConsumerRecord<String, byte[]>> published = RegistrationTopic.readUpTo(other);
        List<UUID> ids = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : RegistrationTopic.withName(published, name)) {
            ids.add(EventJson.createDefault()
                    .read(record.value(), BabyRegistered.class)
                    .eventId());
        }
        assertEquals(2, ids.size(), "both registrations of " + name + " are on the topic");
        assertEquals(2, new java.util.HashSet<>(ids).size(), "with distinct ids, so both are counted: " + ids);
        assertTrue(ids.contains(UUID.fromString((String) single.get("id"))));
    }

    @Test
    void aBodyDeclaredOverTheLimitIsRefusedBeforeItIsSent() throws Exception {
        try (java.net.Socket socket = new java.net.Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            String head = "POST /baby HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1048576\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            // Only the start of the megabyte: a server that waited for the whole body would never answer.
            socket.getOutputStream().write(new byte[1024]);
            socket.getOutputStream().flush();

            byte[] answer = new byte[512];
            int read = socket.getInputStream().read(answer);
            String status = new String(answer, 0, Math.max(0, read), StandardCharsets.US_ASCII);
            assertTrue(status.startsWith("HTTP/1.1 413"), status);
            assertTrue(status.contains("body-too-large"), status);
        }
    }

    @Test
    void theLivePageMayPostFromItsOriginAndNoOtherMay() {
        HttpResponse<?> allowed = client.toBlocking().exchange(preflight("http://localhost:8082"));
        assertEquals("http://localhost:8082", allowed.header("Access-Control-Allow-Origin"));
        String allowedHeaders = String.join(",", allowed.getHeaders().getAll("Access-Control-Allow-Headers"))
                .toLowerCase();
        assertTrue(allowedHeaders.contains("idempotency-key"), allowedHeaders);

        HttpResponse<?> other = exchangeAllowingErrors(preflight("http://elsewhere.example"));
        assertEquals(null, other.header("Access-Control-Allow-Origin"));
    }

    private static HttpRequest<?> preflight(String origin) {
        return HttpRequest.OPTIONS("/baby")
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,idempotency-key");
    }

    private HttpResponse<?> exchangeAllowingErrors(HttpRequest<?> request) {
        try {
            return client.toBlocking().exchange(request);
        } catch (HttpClientResponseException e) {
            return e.getResponse();
        }
    }

    @Test
    void theSameIdempotencyKeyWithAnotherBodyIsRefused() {
        String key = "key-" + TestNames.unique();
        postWithKey("/baby", Map.of("name", TestNames.unique(), "sex", "male"), key);

        var refused = Assertions.assertThrows(
                HttpClientResponseException.class,
                () -> postWithKey("/baby", Map.of("name", TestNames.unique(), "sex", "male"), key));

        assertEquals(422, refused.code());
    }

    @Test
    void aBatchIsAcceptedWholeAsJsonOrNdjson() {
        String a = TestNames.unique();
        String b = TestNames.unique();

        HttpResponse<Map> asJson = client.toBlocking()
                .exchange(
                        HttpRequest.POST(
                                "/babies",
                                List.of(Map.of("name", a, "sex", "male"), Map.of("name", b, "sex", "female"))),
                        Map.class);
        HttpResponse<Map> asNdjson = client.toBlocking()
                .exchange(
                        HttpRequest.POST(
                                        "/babies",
                                        "{\"name\":\"" + a + "\",\"sex\":\"male\"}\n\n{\"name\":\"" + b
                                                + "\",\"sex\":\"female\"}\n")
                                .contentType("application/x-ndjson"),
                        Map.class);

        assertEquals(202, asJson.code());
        assertEquals(2, asJson.body().get("accepted"));
        assertEquals(202, asNdjson.code());
        List<ConsumerRecord<String, byte[]>> published = RegistrationTopic.readUpTo(b);
        assertEquals(2, RegistrationTopic.withName(published, a).size());
    }

    @Test
    void aBatchOfMoreThanAThousandIsRefused() {
        List<Map<String, String>> items = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            items.add(Map.of("name", "OLIVER", "sex", "male"));
        }

        assertProblem(413, "batch-too-large", HttpRequest.POST("/babies", items));
    }

    private Map<?, ?> postWithKey(String path, Object body, String key) {
        return client.toBlocking()
                .exchange(HttpRequest.POST(path, body).header("Idempotency-Key", key), Map.class)
                .body();
    }

    private static HttpRequest<String> json(String path, String body) {
        return HttpRequest.POST(path, body).contentType(MediaType.APPLICATION_JSON);
    }

    private void assertProblem(int status, String type, HttpRequest<?> request) {
        var error = Assertions.assertThrows(
                HttpClientResponseException.class, () -> client.toBlocking().exchange(request, String.class));
        assertEquals(
                status,
                error.code(),
                () -> error.getResponse().getBody(String.class).orElse(""));
        assertEquals(
                "application/problem+json",
                error.getResponse().getContentType().orElseThrow().toString());
        String body = error.getResponse().getBody(String.class).orElseThrow();
        assertTrue(body.contains("\"type\":\"https://babynames.dev/problems/" + type + "\""), body);
        assertTrue(
                !body.matches(
                        "(?s).*(Exception|babynames\\.[a-z]+\\.|java\\.|io\\.micronaut|\\bat [a-z]+\\.[a-z]+\\.).*"),
                "leaks internals: " + body);
    }

    private static ConsumerRecord<String, byte[]> single(List<ConsumerRecord<String, byte[]>> records, String name) {
        List<ConsumerRecord<String, byte[]>> mine = RegistrationTopic.withName(records, name);
        assertEquals(1, mine.size());
        return mine.get(0);
    }
}
