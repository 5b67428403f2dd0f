package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.events.Sex;
import babynames.localstack.ServiceStack.Service;
import babynames.testsupport.MetricsEndpoint;
import babynames.testsupport.TestNames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * query-api's names lookup with ranking-service stopped: a quick 503 (never a hang), the circuit
 * breaker opening once half the recent calls failed, and closing again once ranking-service is back.
 */
class NamesLookupIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void answers503QuicklyWhileRankingIsDownAndTheBreakerOpensAndCloses() throws Exception {
        RankerHarness harness =
                new RankerHarness(Map.of("RANKING_BREAKER_WINDOW", "3", "RANKING_BREAKER_OPEN_FOR", "2s"));
        String name = TestNames.unique();
        try (var stack = harness.stack) {
            stack.start(Service.RANKING).awaitReady(Duration.ofMinutes(1));
            stack.start(Service.QUERY).awaitReady(Duration.ofMinutes(1));
            Registrations.publish(harness.kafka(), harness.topics, List.of(name), Sex.MALE, 2);
            String lookup = stack.url(Service.QUERY) + "/names/" + name.toLowerCase() + "?sex=male";
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> get(lookup).statusCode() == 200);
            assertTrue(get(lookup).body().contains("\"count\":2"));
            assertEquals(
                    404,
                    get(stack.url(Service.QUERY) + "/names/" + TestNames.unique() + "?sex=male")
                            .statusCode());

            stack.stopIfRunning(Service.RANKING);
            String correlationId = "lookup-" + TestNames.unique();
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                HttpResponse<String> down = get(lookup, "X-Correlation-ID", correlationId);
                assertEquals(503, down.statusCode(), down.body());
                assertTrue(System.nanoTime() - start < Duration.ofSeconds(4).toNanos(), "answered within the timeout");
            }
            // Logged on the executor the lookup moved to: the request's id went with it.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> harness.log.stream()
                            .anyMatch(line -> line.startsWith("[query-api]")
                                    && line.contains("ranking-service did not answer")
                                    && line.contains("\"correlationId\":\"" + correlationId + "\"")));
            assertEquals(1, breakerState(stack.url(Service.QUERY)), "open once half of the last 3 calls failed");
            long start = System.nanoTime();
            HttpResponse<String> whileOpen = get(lookup);
            long openAnswerMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(503, whileOpen.statusCode());
            assertTrue(whileOpen.headers().firstValue("Retry-After").isPresent());

            stack.start(Service.RANKING).awaitReady(Duration.ofMinutes(1));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> get(lookup).statusCode() == 200);
            assertEquals(0, breakerState(stack.url(Service.QUERY)), "closed again");
            System.out.printf("NamesLookupIT: 503 while the breaker was open in %d ms%n", openAnswerMs);
        }
    }

    @Test
    void aFloodOfLookupsDoesNotHoldUpCounting() throws Exception {
        RankerHarness harness = new RankerHarness(Map.of());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            names.add(TestNames.unique());
        }
        try (var stack = harness.stack) {
            stack.start(Service.RANKING).awaitReady(Duration.ofMinutes(1));
            Registrations.publish(harness.kafka(), harness.topics, names.subList(0, 1), Sex.MALE, 1);
            String lookup = stack.url(Service.RANKING) + "/names/male/" + names.get(0);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> get(lookup).statusCode() == 200);

            AtomicBoolean flooding = new AtomicBoolean(true);
            AtomicLong answered = new AtomicLong();
            ExecutorService flood = Executors.newFixedThreadPool(32);
            for (int i = 0; i < 32; i++) {
                flood.execute(() -> {
                    while (flooding.get()) {
                        try {
                            if (get(lookup).statusCode() == 200) {
                                answered.incrementAndGet();
                            }
                        } catch (Exception e) {
                            // The flood goes on; only counting is under test.
                        }
                    }
                });
            }
            try {
                Registrations.publish(harness.kafka(), harness.topics, names, Sex.MALE, 50);
                Awaitility.await()
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> harness.rankingGauge("babynames_ranking_registered_in_database") == 1 + 200 * 50);
            } finally {
                flooding.set(false);
                flood.shutdown();
            }
            assertTrue(answered.get() > 0, "lookups were answered during the flood");
            System.out.printf(
                    "NamesLookupIT: %d lookups answered while 10,000 registrations were counted%n", answered.get());
        }
    }

    private static int breakerState(String queryUrl) {
        return (int) MetricsEndpoint.gauge(queryUrl, "babynames_query_ranking_breaker_state");
    }

    private static HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
