package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.embedded.EmbeddedKafka;
import babynames.localstack.ServiceStack;
import babynames.localstack.ServiceStack.Service;
import babynames.testsupport.BackingServices;
import babynames.testsupport.SseRecorder;
import babynames.testsupport.TestNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four services attached to a broker that only lets in clients authenticated with
 * SASL/SCRAM, configured by nothing but {@code KAFKA_} variables, the way a managed cluster is
 * attached: a registration goes all the way to {@code /top10} and {@code /stream}. With a wrong
 * password a service starts, says why it cannot reach Kafka, and is not ready.
 */
class SecuredKafkaIT {
    private static final EmbeddedKafka.Credentials USER =
            new EmbeddedKafka.Credentials("babynames", "s3cret-" + TestNames.unique());

    @TempDir
    static Path brokerDir;

    private static EmbeddedKafka broker;

    @BeforeAll
    static void startTheSecuredBroker() {
        broker = EmbeddedKafka.startSecured(brokerDir, USER);
    }

    @AfterAll
    static void stopTheSecuredBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aRegistrationGoesThroughToTheTopTenAndTheStream() throws Exception {
        RankerHarness harness = new RankerHarness(
                broker.bootstrapServers(), BackingServices.shared().newDatabase(), clientEnvironment(USER.password()));
        try (ServiceStack stack = harness.stack) {
            stack.startAll();
            stack.awaitAllReady(Duration.ofMinutes(2));
            String name = TestNames.unique();
            try (SseRecorder stream = SseRecorder.connect(stack.url(Service.STREAM) + "/stream?types=baby")) {
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(stream::connected);

                assertEquals(
                        202,
                        Http.post(
                                        stack.url(Service.REGISTRATION) + "/baby",
                                        "{\"name\":\"" + name + "\",\"sex\":\"female\"}")
                                .statusCode());

                Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> Http.get(stack.url(Service.QUERY) + "/top10?sex=female")
                                .body()
                                .contains("\"" + name + "\""));
                Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> stream.events("baby").stream()
                                .anyMatch(e -> e.data().contains(name)));
            }
        }
    }

    @Test
    void aWrongPasswordIsSaidInTheLogAndTheServiceIsNotReady() throws Exception {
        RankerHarness harness = new RankerHarness(
                broker.bootstrapServers(), BackingServices.shared().newDatabase(), clientEnvironment("wrong"));
        try (ServiceStack stack = harness.stack) {
            stack.start(Service.REGISTRATION);
            String readiness = stack.url(Service.REGISTRATION) + "/health/readiness";
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() -> Http.get(readiness).statusCode() == 503
                            && harness.log.stream().anyMatch(line -> line.contains("failed authentication")));
            // Still not ready a while later: it keeps failing, and says so, rather than hanging.
            assertEquals(503, Http.get(readiness).statusCode());
            assertTrue(harness.log.stream()
                    .anyMatch(line -> line.contains("invalid credentials with SASL mechanism SCRAM-SHA-256")));
        }
    }

    private static Map<String, String> clientEnvironment(String password) {
        return Map.of(
                "KAFKA_SECURITY_PROTOCOL",
                "SASL_PLAINTEXT",
                "KAFKA_SASL_MECHANISM",
                EmbeddedKafka.SCRAM_MECHANISM,
                "KAFKA_SASL_JAAS_CONFIG",
                new EmbeddedKafka.Credentials(USER.user(), password).jaasConfig());
    }
}
