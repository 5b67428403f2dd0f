package babynames.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.events.BabyRegistered;
import babynames.events.EventHeaders;
import babynames.events.EventJson;
import babynames.events.Sex;
import babynames.events.Topics;
import babynames.testsupport.BackingServices;
import babynames.testsupport.TestNames;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** POST /baby against a real broker: what is accepted is on the topic, what is rejected is not. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistrationIT implements TestPropertyProvider {
    @Inject
    @Client("/")
    HttpClient client;

    @Override
    public Map<String, String> getProperties() {
        return Map.of(
                "babynames.kafka.bootstrap-servers", BackingServices.shared().kafkaBootstrapServers());
    }

    @Test
    void anAcceptedRegistrationIsOnTheTopicWithItsKeyAndHeaders() throws Exception {
        String name = TestNames.unique();

        HttpResponse<Map> response = client.toBlocking()
                .exchange(
                        HttpRequest.POST("/baby", Map.of("name", name.toLowerCase(), "sex", "female"))
                                .header("X-Correlation-ID", "it-" + name),
                        Map.class);

        assertEquals(202, response.code());
        Map<?, ?> body = response.body();
        assertEquals(name, body.get("name"));
        assertEquals("it-" + name, body.get("correlationId"));
        UUID id = UUID.fromString((String) body.get("id"));
        ConsumerRecord<String, byte[]> record = awaitRecordOf(name);
        BabyRegistered event = EventJson.createDefault().read(record.value(), BabyRegistered.class);
        assertEquals(id, event.eventId());
        assertEquals(Sex.FEMALE, event.sex());
        assertEquals("female:" + name, record.key());
        assertEquals(
                "it-" + name,
                EventHeaders.text(record.headers(), EventHeaders.CORRELATION_ID).orElseThrow());
        assertEquals(
                BabyRegistered.EVENT_TYPE,
                EventHeaders.text(record.headers(), EventHeaders.EVENT_TYPE).orElseThrow());
    }

    @Test
    void aRejectedRegistrationPublishesNothing() {
        String rejected = TestNames.unique();
        String marker = TestNames.unique();

        var error = org.junit.jupiter.api.Assertions.assertThrows(
                HttpClientResponseException.class,
                () -> client.toBlocking()
                        .exchange(HttpRequest.POST("/baby", Map.of("name", rejected, "sex", "robot"))));
        client.toBlocking().exchange(HttpRequest.POST("/baby", Map.of("name", marker, "sex", "male")));

        assertEquals(400, error.code());
        assertEquals(
                "application/problem+json",
                error.getResponse().getContentType().orElseThrow().toString());
        List<String> seen = recordsUpTo(marker);
        assertTrue(seen.stream().anyMatch(key -> key.endsWith(":" + marker)));
        assertFalse(seen.stream().anyMatch(key -> key.endsWith(":" + rejected)));
    }

    private ConsumerRecord<String, byte[]> awaitRecordOf(String name) {
        try (var consumer = consumer()) {
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.key().endsWith(":" + name)) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            });
            return found.get(0);
        }
    }

    /** The keys of every record on the topic, read until the marker's record shows up. */
    private List<String> recordsUpTo(String marker) {
        List<String> keys = new ArrayList<>();
        try (var consumer = consumer()) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
                return keys.stream().anyMatch(key -> key.endsWith(":" + marker));
            });
        }
        return keys;
    }

    private KafkaConsumer<String, byte[]> consumer() {
        var consumer = new KafkaConsumer<>(
                Map.<String, Object>of(
                        "bootstrap.servers", BackingServices.shared().kafkaBootstrapServers()),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.BABY_REGISTRATIONS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }
}
