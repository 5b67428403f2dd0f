package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.localstack.ServiceStack.Service;
import babynames.testsupport.SseRecorder;
import babynames.testsupport.TestNames;
import io.micronaut.json.JsonMapper;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * docker-compose.yml brought up on a real Docker engine as a user runs it: every healthcheck turns
 * healthy, a registration reaches GET /top10 and GET /stream, Prometheus scrapes the four services
 * and loads the alert rules, and the stack stays in the memory it promises. Everything is removed
 * afterwards, volumes included, whatever happened.
 *
 * <p>It runs when {@code BABYNAMES_COMPOSE_TEST} says with which images: {@code ci} swaps the
 * third-party images for the stand-ins of {@code ops/compose/standins} ({@code ops/compose/ci.yml};
 * {@code .ci/run} builds them, for machines that reach no registry), {@code official} runs the
 * compose file alone. Either way the service images must be loaded ({@code docker load}).
 */
@EnabledIfEnvironmentVariable(
        named = "BABYNAMES_COMPOSE_TEST",
        matches = ".+",
        disabledReason = "set BABYNAMES_COMPOSE_TEST=ci (stand-in images from ops/compose/standins/build.sh, as"
                + " .ci/run does) or =official (the compose file's own images) to run docker-compose.yml")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeStackIT {
    private static final long TWO_GIB = 2L * 1024 * 1024 * 1024;
    private static final Duration HEALTHY_WITHIN = Duration.ofMinutes(3);
    private static final String CLASS_DATA = "/app/class-data/app.jsa";
    private static final JsonMapper JSON = JsonMapper.createDefault();

    private static ComposeProject project;
    private static List<String> services;
    private static volatile boolean failed;

    /** A failure keeps more of the containers' logs: 40 lines each did not show why a batch hung. */
    @RegisterExtension
    static final TestWatcher FAILURES = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            failed = true;
        }
    };

    @BeforeAll
    static void up() throws Exception {
        String mode = System.getenv("BABYNAMES_COMPOSE_TEST");
        List<String> files = switch (mode) {
            case "ci" -> List.of("docker-compose.yml", "ops/compose/ci.yml");
            case "official" -> List.of("docker-compose.yml");
            default -> throw new IllegalArgumentException("BABYNAMES_COMPOSE_TEST is ci or official, not " + mode);
        };
        for (Service service : Service.values()) {
            String image = "babynames/" + service.artifact() + ":latest";
            assertTrue(
                    ComposeProject.hasImage(image),
                    image + " is not loaded: ./mvnw -B -Pimages -DskipTests package, then docker load -i each"
                            + " */target/*-image.tar");
        }
        services = startedServices(mode);
        project = ComposeProject.of(files);
        try {
            project.up(services);
        } catch (Exception | AssertionError e) {
            failed = true;
            throw e;
        }
    }

    @AfterAll
    static void down() throws Exception {
        if (project != null) {
            System.out.println(project.logs(failed ? 400 : 40));
            project.down();
        }
    }

    @Test
    @Order(1)
    void everyServiceTurnsHealthyAndNoneRestarts() throws Exception {
        Awaitility.await()
                .atMost(HEALTHY_WITHIN)
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    List<ComposeProject.Container> containers = project.containers();
                    assertEquals(
                            new TreeSet<>(services),
                            containers.stream()
                                    .map(ComposeProject.Container::service)
                                    .collect(Collectors.toCollection(TreeSet::new)));
                    for (ComposeProject.Container container : containers) {
                        assertEquals("healthy", container.health(), container.toString());
                    }
                });
        for (ComposeProject.Container container : assertNoRestarts()) {
            assertFalse(container.oomKilled(), container.toString());
        }
    }

    /** An image that carries the class-data archive of its training run is started from it. */
    @Test
    @Order(2)
    void everyServiceStartsFromItsImagesClassData() throws Exception {
        int carrying = 0;
        Set<String> serviceNames =
                Arrays.stream(Service.values()).map(Service::artifact).collect(Collectors.toSet());
        for (ComposeProject.Container container : project.containers()) {
            // Only a build as root trains (ops/image/train-class-data.sh); CI's does, and its
            // smoke test requires every image to carry the archive.
            if (serviceNames.contains(container.service())
                    && project.succeedsIn(container, "/bin/busybox", "test", "-s", CLASS_DATA)) {
                carrying++;
                assertTrue(
                        project.succeedsIn(container, "/bin/busybox", "grep", "-q", CLASS_DATA, "/proc/1/maps"),
                        container.service() + "'s JVM mapped " + CLASS_DATA);
            }
        }
        System.out.printf("compose stack: %d of 4 service images carry a class-data archive%n", carrying);
    }

    /**
     * Both registrations reach GET /top10 counted once each and the stream carries exactly their
     * two ids. The stream may carry one of them twice, with the same id: a registration whose first
     * attempt was answered 503 and that a stalled broker still wrote after the producer had given
     * up, retried with its Idempotency-Key, is in the log twice. The ranker counts it once; stream
     * clients tell the copies apart by id, as the live page does.
     */
    @Test
    @Order(3)
    void registrationsReachTop10AndTheStream() throws Exception {
        String name = TestNames.unique();
        try (SseRecorder stream = SseRecorder.connect(url(Service.STREAM) + "/stream")) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(stream::connected);
            Set<String> accepted = new TreeSet<>();
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> answer = Http.postUntilAnswered(
                        url(Service.REGISTRATION) + "/baby", "{\"name\":\"" + name + "\",\"sex\":\"female\"}");
                assertEquals(202, answer.statusCode(), answer.body());
                accepted.add(
                        String.valueOf(JSON.readValue(answer.body(), Map.class).get("id")));
            }
            assertEquals(2, accepted.size(), "two registrations, two ids");

            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                String top10 = Http.get(url(Service.QUERY) + "/top10").body();
                assertTrue(top10.contains("{\"name\":\"" + name + "\",\"count\":2}"), top10);
            });
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Set<String> streamed = new TreeSet<>();
                for (SseRecorder.Received baby : stream.events("baby")) {
                    Map<?, ?> data = JSON.readValue(baby.data(), Map.class);
                    if (name.equals(data.get("name"))) {
                        streamed.add(String.valueOf(data.get("id")));
                    }
                }
                assertEquals(accepted, streamed, "the ids of the baby events");
                assertTrue(stream.events("top10").stream()
                        .anyMatch(e -> e.data().contains("\"name\":\"" + name + "\",\"count\":2")));
            });
        }
    }

    @Test
    @Order(4)
    void prometheusScrapesAllFourServicesAndLoadsTheAlertRules() throws Exception {
        Set<String> jobs =
                Arrays.stream(Service.values()).map(Service::artifact).collect(Collectors.toCollection(TreeSet::new));
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<Map<String, Object>> up =
                    prometheus("/api/v1/query?query=" + URLEncoder.encode("up", StandardCharsets.UTF_8));
            Set<String> scraped = new TreeSet<>();
            for (Map<String, Object> series : up) {
                String value = String.valueOf(((List<?>) series.get("value")).get(1));
                if (value.equals("1")) {
                    scraped.add(String.valueOf(((Map<?, ?>) series.get("metric")).get("job")));
                }
            }
            assertEquals(jobs, scraped, "the jobs with up == 1");
        });

        Set<String> loaded = new TreeSet<>();
        for (Map<String, Object> group : prometheus("/api/v1/rules", "groups")) {
            for (Object rule : (List<?>) group.get("rules")) {
                Map<?, ?> fields = (Map<?, ?>) rule;
                assertFalse("err".equals(fields.get("health")), String.valueOf(fields));
                loaded.add(String.valueOf(fields.get("name")));
            }
        }
        assertEquals(ruleNames(), loaded, "the rules of ops/prometheus/rules that Prometheus loaded");
    }

    /**
     * After a burst of registrations, so the JVMs' heaps have grown as they do under load. A batch
     * the broker is too slow to confirm (a disk stall of a few seconds does it) is sent again with its
     * key, and the count must still come out exact.
     */
    @Test
    @Order(5)
    void theStackUnderLoadStaysWithinTwoGibibytes() throws Exception {
        String name = TestNames.unique();
        String batch =
                "[" + String.join(",", Collections.nCopies(500, "{\"name\":\"" + name + "\",\"sex\":\"male\"}")) + "]";
        int batches = 20;
        for (int i = 0; i < batches; i++) {
            HttpResponse<String> accepted = Http.postUntilAnswered(url(Service.REGISTRATION) + "/babies", batch);
            assertEquals(202, accepted.statusCode(), accepted.body());
        }
        Awaitility.await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            String top10 = Http.get(url(Service.QUERY) + "/top10").body();
            assertTrue(top10.contains("{\"name\":\"" + name + "\",\"count\":" + batches * 500 + "}"), top10);
        });

        Map<String, Long> memory = project.memoryInUse();
        long total = memory.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("compose stack memory: %d MiB in all, %s%n", total >> 20, mebibytes(memory));
        assertEquals(new TreeSet<>(services), new TreeSet<>(memory.keySet()));
        assertTrue(total < TWO_GIB, "the stack uses " + (total >> 20) + " MiB: " + mebibytes(memory));
        assertNoRestarts();
    }

    private static List<ComposeProject.Container> assertNoRestarts() throws Exception {
        List<ComposeProject.Container> containers = project.containers();
        for (ComposeProject.Container container : containers) {
            assertEquals(0, container.restarts(), container.toString());
        }
        return containers;
    }

    /** The services a user's `docker compose up` starts; with the stand-ins, all but Grafana (none is built). */
    @SuppressWarnings("unchecked")
    private static List<String> startedServices(String mode) {
        Map<String, Object> all =
                (Map<String, Object>) OpsFiles.yaml("docker-compose.yml").get("services");
        List<String> started = new ArrayList<>();
        all.forEach((service, definition) -> {
            boolean inAProfile = ((Map<String, Object>) definition).containsKey("profiles");
            if (!inAProfile && !(mode.equals("ci") && service.equals("grafana"))) {
                started.add(service);
            }
        });
        return started;
    }

    /** The name of every rule of ops/prometheus/rules: a record's, or an alert's. */
    private static Set<String> ruleNames() {
        Set<String> names = new TreeSet<>();
        for (Map<String, Object> rule : OpsFiles.rules()) {
            names.add((String) (rule.containsKey("record") ? rule.get("record") : rule.get("alert")));
        }
        return names;
    }

    private static List<Map<String, Object>> prometheus(String path) throws Exception {
        return prometheus(path, "result");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> prometheus(String path, String list) throws Exception {
        HttpResponse<String> response = Http.get("http://localhost:9090" + path);
        assertEquals(200, response.statusCode(), response.body());
        Map<String, Object> body = JSON.readValue(response.body(), Map.class);
        return (List<Map<String, Object>>) ((Map<String, Object>) body.get("data")).get(list);
    }

    private static String url(Service service) {
        return "http://localhost:" + service.defaultPort();
    }

    private static String mebibytes(Map<String, Long> memory) {
        return new TreeSet<>(memory.keySet())
                .stream()
                        .map(service -> service + " " + (memory.get(service) >> 20) + " MiB")
                        .collect(Collectors.joining(", "));
    }
}
