package babynames.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.events.EventHeaders;
import babynames.events.EventJson;
import babynames.events.KafkaConnection;
import babynames.events.RankedName;
import babynames.events.Sex;
import babynames.events.Top10Changed;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The read model against a real broker: each test has its own topics (a unique prefix) and its own server. */
class QueryApiIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String prefix = TestNames.unique().toLowerCase() + ".";
    private final TopicNames topics = TopicNames.withPrefix(prefix);

    @Test
    void outOfOrderAndDuplicateSnapshotsNeverRegressTheModel() throws Exception {
        String newest = TestNames.unique();
        publish(snapshot(3, newest), snapshot(1, "OLD"), snapshot(3, "DUPLICATE"), snapshot(2, "OLDER"));

        try (EmbeddedServer server = start()) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ready(server));

            String body = get(server, "/top10?sex=female", null).body();
            assertTrue(body.contains("\"girls\":[{\"name\":\"" + newest + "\",\"count\":3}]"), body);
            assertTrue(body.contains("\"versions\":{\"female\":3}"), body);
        }
    }

    @Test
    void aRestartedServiceServesTheLatestTop10BeforeItSaysItIsReady() throws Exception {
        for (int version = 1; version <= 200; version++) {
            publish(snapshot(version, "V" + (char) ('A' + version % 26)));
        }
        publish(snapshot(201, "LATEST"));

        try (EmbeddedServer server = start()) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> ready(server));

            assertTrue(get(server, "/top10", null).body().contains("\"female\":201"));
        }
    }

    @Test
    void anETagGives304UntilTheTop10Changes() throws Exception {
        publish(snapshot(1, "FIRST"));
        try (EmbeddedServer server = start()) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ready(server));
            HttpResponse<String> first = get(server, "/top10", null);
            String etag = first.headers().firstValue("ETag").orElseThrow();

            assertEquals(304, get(server, "/top10", etag).statusCode());
            publish(snapshot(2, "SECOND"));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> get(server, "/top10", etag).statusCode() == 200);
            assertTrue(!etag.equals(
                    get(server, "/top10", etag).headers().firstValue("ETag").orElseThrow()));
        }
    }

    private EmbeddedServer start() {
        return ApplicationContext.run(
                EmbeddedServer.class,
                Map.of(
                        "babynames.kafka.bootstrap-servers",
                        BackingServices.shared().kafkaBootstrapServers(),
                        "babynames.kafka.topic-prefix",
                        prefix,
                        "micronaut.server.port",
                        "-1"));
    }

    private static Top10Changed snapshot(long version, String name) {
        return Top10Changed.of(Sex.FEMALE, version, List.of(new RankedName(1, name, version)), Instant.now(), "test");
    }

    private void publish(Top10Changed... snapshots) throws Exception {
        String bootstrap = BackingServices.shared().kafkaBootstrapServers();
        TopicSetup.ensureTopics(KafkaConnection.plaintext(bootstrap), topics, 3, Duration.ofSeconds(30));
        EventJson json = EventJson.createDefault();
        try (var producer = new KafkaProducer<>(
                Map.<String, Object>of("bootstrap.servers", bootstrap, "acks", "all"),
                new StringSerializer(),
                new ByteArraySerializer())) {
            for (Top10Changed snapshot : snapshots) {
                var record = new ProducerRecord<>(
                        topics.top10Changed(), snapshot.sex().wireName(), json.write(snapshot));
                record.headers().add(EventHeaders.CORRELATION_ID, EventHeaders.bytes("test"));
                producer.send(record).get();
            }
        }
    }

    private static boolean ready(EmbeddedServer server) throws Exception {
        return get(server, "/health/readiness", null).statusCode() == 200;
    }

    private static HttpResponse<String> get(EmbeddedServer server, String path, String ifNoneMatch) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(server.getURL() + path));
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
