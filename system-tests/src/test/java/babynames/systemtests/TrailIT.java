package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.localstack.ServiceStack;
import babynames.localstack.ServiceStack.Service;
import babynames.testsupport.TestNames;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The trail of one registration: by its correlation id alone, its lines are found in all four
 * services' logs at the default level, each a JSON line with the id in its MDC.
 */
class TrailIT {
    private static final JsonMapper JSON = JsonMapper.createDefault();

    @Test
    void oneRegistrationIsFoundInAllFourServicesLogsByItsCorrelationId() throws Exception {
        RankerHarness harness = new RankerHarness(Map.of("TRAIL_LOG", "INFO"));
        try (ServiceStack stack = harness.stack) {
            stack.startAll();
            stack.awaitAllReady(Duration.ofMinutes(2));
            String correlationId = "trail-" + TestNames.unique();
            HttpResponse<String> answer = Http.postUntilAnswered(
                    stack.url(Service.REGISTRATION) + "/baby",
                    "{\"name\":\"" + TestNames.unique() + "\",\"sex\":\"female\"}",
                    "X-Correlation-ID",
                    correlationId);
            assertEquals(202, answer.statusCode(), answer.body());

            List<String> hops = List.of(
                    "[registration-service] accepted registration",
                    "[ranking-service] counted registration",
                    "[ranking-service] published Top10Changed female",
                    "[query-api] top 10 of female now at version",
                    "[stream-api] streamed baby event",
                    "[stream-api] streamed top10 event");
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<String> trail = trailOf(harness.log, correlationId);
                for (String hop : hops) {
                    assertTrue(trail.stream().anyMatch(line -> line.startsWith(hop)), hop + " in " + trail);
                }
            });
        }
    }

    /** "[service] message" of every JSON log line whose MDC carries the correlation id. */
    private static List<String> trailOf(List<String> log, String correlationId) {
        return log.stream()
                .filter(line -> line.contains(correlationId))
                .<String>map(line -> {
                    int json = line.indexOf("] {") + 2;
                    Map<String, Object> entry = read(line.substring(json));
                    Map<?, ?> mdc = (Map<?, ?>) entry.get("mdc");
                    assertEquals(correlationId, mdc.get("correlationId"), line);
                    return line.substring(0, json) + entry.get("formattedMessage");
                })
                .toList();
    }

    private static Map<String, Object> read(String json) {
        try {
            return JSON.readValue(json, Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
