package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.embedded.FreePorts;
import babynames.localstack.ServiceProcess;
import babynames.localstack.ServiceStack;
import babynames.localstack.ServiceStack.Service;
import babynames.testsupport.TestNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * With {@code MANAGEMENT_PORT} set (as the Kubernetes manifests set it), each service answers
 * {@code /health} and {@code /prometheus} on that port and nowhere else, and its API only on
 * {@code PORT}: a public load balancer in front of {@code PORT} shows no metrics or health details.
 */
class ManagementPortIT {
    /** What the Kubernetes probes ask (KubernetesManifestsTest holds them to these). */
    static final List<String> HEALTH_PATHS = List.of("/health/liveness", "/health/readiness");

    @Test
    void healthAndMetricsAnswerOnTheManagementPortOnlyAndTheApiOnItsOwnPortOnly() throws Exception {
        Map<Service, Integer> management = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            management.put(service, FreePorts.next());
        }
        try (ServiceStack stack = new RankerHarness(Map.of()).stack) {
            for (Service service : Service.values()) {
                Map<String, String> env = new java.util.HashMap<>();
                env.put(ServiceProcess.MANAGEMENT_PORT, String.valueOf(management.get(service)));
                if (service == Service.STREAM) {
                    // The books read the other services' /prometheus, now on their management ports.
                    env.put(
                            "FLOW_SOURCES",
                            "registration-service=http://localhost:" + management.get(Service.REGISTRATION)
                                    + ",ranking-service=http://localhost:" + management.get(Service.RANKING));
                }
                stack.start(service, env);
            }
            stack.awaitAllReady(Duration.ofMinutes(2));

            for (Service service : Service.values()) {
                String api = stack.url(service);
                String managed = stack.process(service).managementUrl();
                List<String> managementPaths = new ArrayList<>(HEALTH_PATHS);
                managementPaths.add("/prometheus");
                for (String path : managementPaths) {
                    assertEquals(200, Http.get(managed + path).statusCode(), service + " " + path + " on management");
                    assertEquals(404, Http.get(api + path).statusCode(), service + " " + path + " on PORT");
                }
                assertTrue(Http.get(managed + "/prometheus").body().contains("jvm_memory_used_bytes"), service + "");
            }
            assertEquals(
                    404,
                    Http.get(stack.process(Service.QUERY).managementUrl() + "/top10")
                            .statusCode());

            String name = TestNames.unique();
            assertEquals(
                    202,
                    Http.post(stack.url(Service.REGISTRATION) + "/baby", "{\"name\":\"" + name + "\",\"sex\":\"male\"}")
                            .statusCode());
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> Http.get(stack.url(Service.QUERY) + "/top10?sex=male")
                            .body()
                            .contains("\"" + name + "\""));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                String flow = Http.get(stack.url(Service.STREAM) + "/flow").body();
                return flow.contains("{\"name\":\"registration-service\",\"up\":true}")
                        && flow.contains("{\"name\":\"ranking-service\",\"up\":true}");
            });
        }
    }
}
