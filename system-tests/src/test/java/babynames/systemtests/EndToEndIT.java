package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.localstack.ServiceStack;
import babynames.localstack.ServiceStack.Service;
import babynames.testsupport.SseRecorder;
import babynames.testsupport.TestNames;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One registration travels the whole way, across four service processes: POST /baby, Kafka, the
 * ranker and PostgreSQL, the outbox, top10-changed, and out through GET /top10 and GET /stream.
 */
class EndToEndIT {
    private static ServiceStack stack;

    @BeforeAll
    static void startTheSystem() {
        stack = RankerHarness.runningStack();
    }

    @AfterAll
    static void stopTheSystem() {
        stack.close();
    }

    @Test
    void aNewNameRegisteredThreeTimesIsCountedRankedAndStreamed() throws Exception {
        String name = TestNames.unique();
        try (SseRecorder stream = SseRecorder.connect(stack.url(Service.STREAM) + "/stream")) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(stream::connected);

            for (int i = 0; i < 3; i++) {
                HttpResponse<String> accepted = Http.postUntilAnswered(
                        stack.url(Service.REGISTRATION) + "/baby",
                        "{\"name\":\"" + name.toLowerCase() + "\",\"sex\":\"male\"}");
                assertEquals(202, accepted.statusCode(), accepted.body());
            }

            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> counted = Http.get(stack.url(Service.RANKING) + "/names/male/" + name);
                assertEquals(200, counted.statusCode());
                assertTrue(counted.body().contains("\"count\":3"), counted.body());
                assertTrue(counted.body().contains("\"rank\":1"), counted.body());
            });
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                String top10 = Http.get(stack.url(Service.QUERY) + "/top10").body();
                assertTrue(top10.contains("{\"name\":\"" + name + "\",\"count\":3}"), top10);
            });
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                long babies = stream.events().stream()
                        .filter(e -> e.type().equals("baby") && e.data().contains("\"name\":\"" + name + "\""))
                        .count();
                boolean top10 = stream.events().stream()
                        .anyMatch(e ->
                                e.type().equals("top10") && e.data().contains("\"name\":\"" + name + "\",\"count\":3"));
                assertEquals(3, babies);
                assertTrue(top10, "a top10 event with " + name + " at 3");
            });
        }
    }

    @Test
    void everyMetricTheDashboardAndAlertsQueryIsExposed() throws Exception {
        // A refused registration, so the refusal counter has a series.
        assertEquals(
                400,
                Http.post(stack.url(Service.REGISTRATION) + "/baby", "{\"name\":\"\",\"sex\":\"male\"}")
                        .statusCode());
        // The ranker's lag has a series once it joined its group, which a busy machine delays.
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Set<String> missing = new TreeSet<>(OpsFiles.metricsQueried());
            missing.removeAll(exposedMetrics());
            assertTrue(missing.isEmpty(), "queried by ops/ but exposed by no service: " + missing);
        });
    }

    private static Set<String> exposedMetrics() throws Exception {
        Set<String> exposed = new TreeSet<>();
        for (Service service : Service.values()) {
            Http.get(stack.url(service) + "/prometheus")
                    .body()
                    .lines()
                    .filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.split("[{ ]", 2)[0])
                    .forEach(exposed::add);
        }
        return exposed;
    }

    @Test
    void healthIsCheapToPoll() throws Exception {
        // Probes and dashboards poll /health: no deadlock scan (a safepoint per call), no disk check.
        for (Service service : Service.values()) {
            String health = Http.get(stack.url(service) + "/health").body();
            assertTrue(health.contains("\"name\":\"" + service.artifact() + "\""), health);
            assertFalse(health.contains("deadlockedThreads"), health);
            assertFalse(health.contains("diskSpace"), health);
        }
    }
}
