package babynames.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.embedded.EmbeddedKafka;
import babynames.support.CorrelationFilter;
import babynames.testsupport.TestNames;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * With the broker down, POST /baby answers 503 with Retry-After within the publish timeout (never a
 * hung request), and takes registrations again by itself once the broker is back. This test owns
 * its broker, since it stops it.
 */
class BrokerOutageIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void answers503QuicklyWhileTheBrokerIsDownAndRecoversWhenItIsBack(@TempDir Path brokerDir) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(brokerDir, 0);
        try (ApplicationContext app = registrationService(kafka, "2s")) {
            String url = app.getBean(EmbeddedServer.class).getURL() + "/baby";
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> register(url).statusCode() == 202);

            kafka.close();
            String name = TestNames.unique();
            List<ILoggingEvent> logged = new ArrayList<>();
            long start = System.nanoTime();
            HttpResponse<String> during = whileLogging(logged, () -> register(url, name));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertEquals(503, during.statusCode(), during.body());
            assertEquals("5", during.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(during.body().contains("broker-unavailable"), during.body());
            assertTrue(took.compareTo(Duration.ofSeconds(4)) < 0, "took " + took);
            assertTrue(warnedWithCorrelationId(logged, "it-" + name), "the warning carries the correlation id");

            kafka = kafka.restart();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> register(url).statusCode() == 202);
        } finally {
            kafka.close();
        }
    }

    /**
     * A service started while the broker is away is not ready, answers 503 once the publish timeout
     * is over (and logs it with the request's correlation id), and does not send that registration
     * when the broker comes back: its client was told to retry.
     */
    @Test
    void aRegistrationRefusedBeforeTheBrokerWasEverReachedIsNotPublishedLater(@TempDir Path brokerDir)
            throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(brokerDir, 0);
        kafka.close();
        try (ApplicationContext app = registrationService(kafka, "1s")) {
            String base = app.getBean(EmbeddedServer.class).getURL().toString();
            HttpResponse<String> readiness = get(base + "/health/readiness");
            assertEquals(503, readiness.statusCode());
            assertTrue(readiness.body().contains("\"producerKnowsTopic\":false"), readiness.body());

            String refused = TestNames.unique();
            List<ILoggingEvent> logged = new ArrayList<>();
            HttpResponse<String> answer = whileLogging(logged, () -> register(base + "/baby", refused));
            assertEquals(503, answer.statusCode(), answer.body());
            // Logged when the publish timeout fires, on a thread no request runs on.
            assertTrue(warnedWithCorrelationId(logged, "it-" + refused), "the warning carries the correlation id");

            kafka = kafka.restart();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> get(base + "/health/readiness").statusCode() == 200);
            String accepted = TestNames.unique();
            assertEquals(202, register(base + "/baby", accepted).statusCode());
            var records = RegistrationTopic.readUpTo(kafka.bootstrapServers(), accepted);
            assertEquals(List.of(), RegistrationTopic.withName(records, refused));
        } finally {
            kafka.close();
        }
    }

    /** Runs {@code action} while collecting what RegistrationIntake logs into {@code logged}. */
    private static <T> T whileLogging(List<ILoggingEvent> logged, Callable<T> action) throws Exception {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Logger intakeLog = (Logger) LoggerFactory.getLogger(RegistrationIntake.class);
        intakeLog.addAppender(appender);
        try {
            return action.call();
        } finally {
            intakeLog.detachAppender(appender);
            logged.addAll(appender.list);
        }
    }

    private static boolean warnedWithCorrelationId(List<ILoggingEvent> logged, String correlationId) {
        return logged.stream()
                .anyMatch(line -> line.getFormattedMessage().startsWith("Kafka did not confirm")
                        && correlationId.equals(line.getMDCPropertyMap().get(CorrelationFilter.MDC_KEY)));
    }

    private static ApplicationContext registrationService(EmbeddedKafka kafka, String publishTimeout) {
        return ApplicationContext.run(
                        EmbeddedServer.class,
                        Map.of(
                                "babynames.kafka.bootstrap-servers",
                                kafka.bootstrapServers(),
                                "babynames.publish-timeout",
                                publishTimeout,
                                "micronaut.server.port",
                                "-1"))
                .getApplicationContext();
    }

    private static HttpResponse<String> register(String url) throws Exception {
        return register(url, TestNames.unique());
    }

    private static HttpResponse<String> register(String url, String name) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("X-Correlation-ID", "it-" + name)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"sex\":\"female\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
