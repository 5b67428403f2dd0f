package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.localstack.ServiceStack.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The operations files checked without Docker: the compose file matches the modules, Prometheus
 * scrapes every service, the alert rules pass their unit tests ({@code promtool}, from Debian's
 * {@code prometheus} package, which {@code .ci/run} installs), and the dashboard parses.
 */
class OpsFilesTest {
    private static final long TWO_GIB = 2L * 1024 * 1024 * 1024;
    private static final Pattern SECRET_NAME = Pattern.compile("PASSWORD|SECRET|TOKEN|JAAS");
    private static final Pattern REQUIRED_FROM_ENV = Pattern.compile("\\$\\{([A-Z_]+):\\?[^}]+}");
    private static final Pattern SECRET_PLACEHOLDER =
            Pattern.compile("\\$\\{([A-Z_]*(?:PASSWORD|SECRET|TOKEN|JAAS)[A-Z_]*):([^}]*)}");

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsEveryServiceFromItsImageOnItsPortWithHealthchecks() {
        Map<String, Object> services =
                (Map<String, Object>) OpsFiles.yaml("docker-compose.yml").get("services");
        for (Service service : Service.values()) {
            Map<String, Object> entry = (Map<String, Object>) services.get(service.artifact());
            assertNotNull(entry, service.artifact() + " is in docker-compose.yml");
            assertEquals("babynames/" + service.artifact() + ":latest", entry.get("image"));
            String port = service.defaultPort() + ":" + service.defaultPort();
            assertEquals(List.of(port), entry.get("ports"), service.artifact());
            Map<String, Object> env = (Map<String, Object>) entry.get("environment");
            assertEquals("kafka:9092", env.get("KAFKA_BOOTSTRAP_SERVERS"), service.artifact());
            // The images have no shell: the healthcheck runs their static busybox.
            String healthcheck = String.valueOf(((Map<String, Object>) entry.get("healthcheck")).get("test"));
            assertTrue(
                    healthcheck.contains("/bin/busybox")
                            && healthcheck.contains(":" + service.defaultPort() + "/health/readiness"),
                    healthcheck);
        }
        long memory = 0;
        for (var entry : services.entrySet()) {
            Map<String, Object> service = (Map<String, Object>) entry.getValue();
            assertNotNull(service.get("healthcheck"), entry.getKey() + " has a healthcheck");
            // The 2 GiB are those of the stack as it starts; a profile's services come on top.
            if (service.get("profiles") == null) {
                memory += bytes((String) service.get("mem_limit"));
            }
            Object dependsOn = service.get("depends_on");
            if (dependsOn != null) {
                for (var dependency : ((Map<String, Object>) dependsOn).entrySet()) {
                    assertTrue(services.containsKey(dependency.getKey()), dependency.getKey());
                    assertEquals(
                            "service_healthy",
                            ((Map<String, Object>) dependency.getValue()).get("condition"),
                            entry.getKey() + " waits for " + dependency.getKey() + " to be healthy");
                }
            }
        }
        assertTrue(memory < TWO_GIB, "the stack's memory limits add up to " + memory / (1024 * 1024) + " MiB");
        Map<String, Object> ranking = (Map<String, Object>) services.get("ranking-service");
        assertTrue(((Map<String, Object>) ranking.get("depends_on")).containsKey("postgres"));
    }

    /**
     * CI's override swaps only image lines, for the stand-ins that ops/compose/standins/build.sh
     * tags, at the versions of the images they stand in for.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theCiOverrideSwapsOnlyImagesForTheStandInsAtTheSameVersions() throws Exception {
        Map<String, Object> services =
                (Map<String, Object>) OpsFiles.yaml("docker-compose.yml").get("services");
        Map<String, Object> overrides =
                (Map<String, Object>) OpsFiles.yaml("ops/compose/ci.yml").get("services");
        String build = Files.readString(OpsFiles.ROOT.resolve("ops/compose/standins/build.sh"));
        assertEquals(Set.of("kafka", "postgres", "prometheus"), overrides.keySet());
        for (var override : overrides.entrySet()) {
            Map<String, Object> fields = (Map<String, Object>) override.getValue();
            assertEquals(Set.of("image"), fields.keySet(), override.getKey() + ": only its image differs");
            String standIn = (String) fields.get("image");
            String official = (String) ((Map<String, Object>) services.get(override.getKey())).get("image");
            assertTrue(standIn.startsWith("babynames-ci/" + override.getKey() + ":"), standIn);
            String repository = standIn.substring(0, standIn.indexOf(':'));
            assertTrue(build.contains(repository), "build.sh makes " + repository);
            String tag = standIn.substring(standIn.indexOf(':') + 1);
            if (!override.getKey().equals("prometheus")) { // Debian's Prometheus is 2.x, tagged latest
                assertTrue(
                        official.endsWith(":" + tag) || official.contains(":" + tag + "-"),
                        official + " vs " + standIn);
            }
        }
    }

    /**
     * Every Kafka broker a user runs is the version of the clients the services are built with, as
     * in the tests: a broker behind the clients has bugs the suite never meets (4.1.0's brokers
     * could leave a batch's transaction hanging, KAFKA-19999).
     */
    @Test
    void everyKafkaBrokerIsTheClientsVersion() throws Exception {
        String clients = AppInfoParser.getVersion();
        Pattern image = Pattern.compile("image: (?:apache|babynames-ci)/kafka:(\\S+)");
        for (String file :
                List.of("docker-compose.yml", "ops/compose/ci.yml", "deploy/kubernetes/overlays/local/kafka.yaml")) {
            Matcher matcher = image.matcher(Files.readString(OpsFiles.ROOT.resolve(file)));
            assertTrue(matcher.find(), file + " names a Kafka image");
            assertEquals(clients, matcher.group(1), file);
        }
        assertTrue(
                Files.readString(OpsFiles.ROOT.resolve("ops/compose/standins/kafka/pom.xml"))
                        .contains("<kafka.version>" + clients + "</kafka.version>"),
                "the stand-in's default version");
    }

    /** The tracing profile starts Jaeger, and .env.example's endpoint is where Jaeger takes OTLP. */
    @Test
    @SuppressWarnings("unchecked")
    void theTracingProfileStartsJaegerWhereTheExampleSendsTraces() throws Exception {
        Map<String, Object> services =
                (Map<String, Object>) OpsFiles.yaml("docker-compose.yml").get("services");
        Map<String, Object> jaeger = (Map<String, Object>) services.get("jaeger");
        assertEquals(List.of("tracing"), jaeger.get("profiles"));
        List<String> example = Files.readAllLines(OpsFiles.ROOT.resolve(".env.example"));
        assertTrue(example.contains("# COMPOSE_PROFILES=tracing"), ".env.example shows the profile");
        assertTrue(
                example.contains("# OTEL_EXPORTER_OTLP_ENDPOINT=http://jaeger:4318"),
                ".env.example shows the endpoint");
        for (Service service : Service.values()) {
            Map<String, Object> env =
                    (Map<String, Object>) ((Map<String, Object>) services.get(service.artifact())).get("environment");
            assertEquals(
                    "${OTEL_EXPORTER_OTLP_ENDPOINT:-}", env.get("OTEL_EXPORTER_OTLP_ENDPOINT"), service.artifact());
        }
    }

    /**
     * Compose takes every secret from {@code .env} (and refuses to start without it), each named in
     * {@code .env.example} with a placeholder; no service configuration has a password default.
     */
    @Test
    @SuppressWarnings("unchecked")
    void noCredentialIsCommitted() throws Exception {
        Map<String, String> examples = new HashMap<>();
        for (String line : Files.readAllLines(OpsFiles.ROOT.resolve(".env.example"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                examples.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        Map<String, Object> services =
                (Map<String, Object>) OpsFiles.yaml("docker-compose.yml").get("services");
        int secrets = 0;
        for (var service : services.entrySet()) {
            Object env = ((Map<String, Object>) service.getValue()).get("environment");
            if (env == null) {
                continue;
            }
            for (var variable : ((Map<String, Object>) env).entrySet()) {
                if (!SECRET_NAME.matcher(variable.getKey()).find()) {
                    continue;
                }
                secrets++;
                Matcher required = REQUIRED_FROM_ENV.matcher(String.valueOf(variable.getValue()));
                assertTrue(
                        required.matches(),
                        service.getKey() + " " + variable.getKey() + " must be ${NAME:?...}, not "
                                + variable.getValue());
                assertTrue(
                        examples.getOrDefault(required.group(1), "").startsWith("change-me"),
                        required.group(1) + " is in .env.example with a change-me placeholder");
            }
        }
        assertTrue(secrets >= 3, "compose's passwords were found: " + secrets);
        for (Service service : Service.values()) {
            String config =
                    Files.readString(OpsFiles.ROOT.resolve(service.artifact() + "/src/main/resources/application.yml"));
            Matcher placeholder = SECRET_PLACEHOLDER.matcher(config);
            while (placeholder.find()) {
                assertEquals(
                        "", placeholder.group(2), service.artifact() + " has a default for " + placeholder.group(1));
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesEveryServiceAtItsMetricsEndpoint() {
        List<String> targets = new ArrayList<>();
        for (Object job :
                (List<Object>) OpsFiles.yaml("ops/prometheus/prometheus.yml").get("scrape_configs")) {
            Map<String, Object> config = (Map<String, Object>) job;
            assertEquals("/prometheus", config.get("metrics_path"));
            for (Object group : (List<Object>) config.get("static_configs")) {
                targets.addAll((List<String>) ((Map<String, Object>) group).get("targets"));
            }
        }
        for (Service service : Service.values()) {
            assertTrue(targets.contains(service.artifact() + ":" + service.defaultPort()), service.artifact());
        }
    }

    @Test
    void theDashboardAndRulesQueryServiceMetrics() {
        assertFalse(OpsFiles.expressions().isEmpty());
        assertTrue(OpsFiles.metricsQueried().contains("babynames_registrations_accepted_total"));
        assertTrue(OpsFiles.metricsQueried().contains("babynames_stream_delivery_latency_seconds_bucket"));
    }

    @Test
    void theAlertRulesPassTheirUnitTests() throws Exception {
        Path promtool = Path.of(System.getenv().getOrDefault("PROMTOOL", "/usr/bin/promtool"));
        Assumptions.assumeTrue(
                Files.isExecutable(promtool),
                "No promtool at " + promtool + ": skipping the alert rule tests (apt-get install prometheus)");
        assertSucceeds(promtool.toString(), "check", "rules", "ops/prometheus/rules/babynames.yml");
        assertSucceeds(promtool.toString(), "test", "rules", "ops/prometheus/tests/babynames.test.yml");
    }

    private static void assertSucceeds(String... command) throws Exception {
        ExternalCommand.of(OpsFiles.ROOT, List.of(command)).run().outputIfSucceeded();
    }

    private static long bytes(String limit) {
        long number = Long.parseLong(limit.substring(0, limit.length() - 1));
        return switch (limit.charAt(limit.length() - 1)) {
            case 'g' -> number * 1024 * 1024 * 1024;
            case 'm' -> number * 1024 * 1024;
            default -> throw new IllegalArgumentException("memory limit " + limit);
        };
    }
}
