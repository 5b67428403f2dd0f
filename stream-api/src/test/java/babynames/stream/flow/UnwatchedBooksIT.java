package babynames.stream.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.testsupport.BackingServices;
import babynames.testsupport.TestNames;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Nobody watches the books as stream-api starts: the sampler's rounds begin, but the scraper and
 * the HTTP client it reads the other services through are made only when the books are asked for.
 */
class UnwatchedBooksIT {
    @Test
    void theScraperIsMadeWhenTheBooksAreFirstAskedFor() throws Exception {
        try (EmbeddedServer server = ApplicationContext.run(
                EmbeddedServer.class,
                Map.of(
                        "babynames.kafka.bootstrap-servers",
                        BackingServices.shared().kafkaBootstrapServers(),
                        "babynames.kafka.topic-prefix",
                        TestNames.unique().toLowerCase() + ".",
                        "babynames.stream.flow.interval",
                        "100ms",
                        "micronaut.server.port",
                        "-1"))) {
            ApplicationContext context = server.getApplicationContext();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> !context.getActiveBeanRegistrations(FlowSampler.class)
                            .isEmpty());
            assertTrue(context.getActiveBeanRegistrations(FlowScraper.class).isEmpty(), "no scraper yet");

            HttpResponse<String> books = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(server.getURL() + "/flow"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertEquals(200, books.statusCode(), books.body());
            assertEquals(
                    1, context.getActiveBeanRegistrations(FlowScraper.class).size());
        }
    }
}
