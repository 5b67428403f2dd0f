package babynames.stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.events.BabyRegistered;
import babynames.events.EventJson;
import babynames.events.Sex;
import babynames.events.TopicNames;
import babynames.events.TopicSetup;
import babynames.testsupport.BackingServices;
import babynames.testsupport.TestNames;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** GET /stream against a real broker, on topics of its own (a unique prefix). */
class StreamApiIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aClientGetsLiveRegistrationsAndKeepAliveComments() throws Exception {
        String prefix = TestNames.unique().toLowerCase() + ".";
        TopicNames topics = TopicNames.withPrefix(prefix);
        String bootstrap = BackingServices.shared().kafkaBootstrapServers();
        TopicSetup.ensureTopics(bootstrap, topics, 3, Duration.ofSeconds(30));
        try (EmbeddedServer server = ApplicationContext.run(
                EmbeddedServer.class,
                Map.of(
                        "babynames.kafka.bootstrap-servers",
                        bootstrap,
                        "babynames.kafka.topic-prefix",
                        prefix,
                        "babynames.stream.keep-alive-interval",
                        "200ms",
                        "micronaut.server.port",
                        "-1"))) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> get(server, "/health/readiness").statusCode() == 200);
            List<String> lines = new CopyOnWriteArrayList<>();
            var response = HTTP.sendAsync(
                    HttpRequest.newBuilder(URI.create(server.getURL() + "/stream?types=baby"))
                            .build(),
                    HttpResponse.BodyHandlers.ofLines());
            response.thenAccept(r -> r.body().forEach(lines::add));

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains(": keep-alive"));
            assertTrue(get(server, "/prometheus").body().contains("babynames_stream_clients 1.0"));
            String name = TestNames.unique();
            publish(bootstrap, topics, BabyRegistered.of(UUID.randomUUID(), name, Sex.MALE, Instant.now()));

            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> lines.stream().anyMatch(line -> line.startsWith("data:") && line.contains(name)));
            assertTrue(lines.contains("event: baby"), lines.toString());
            response.thenAccept(r -> r.body().close());
            response.cancel(true);
        }
    }

    private static void publish(String bootstrap, TopicNames topics, BabyRegistered event) throws Exception {
        try (var producer = new KafkaProducer<>(
                Map.<String, Object>of("bootstrap.servers", bootstrap),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            topics.registrations(),
                            event.key(),
                            EventJson.createDefault().write(event)))
                    .get();
        }
    }

    private static HttpResponse<String> get(EmbeddedServer server, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(server.getURL() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
