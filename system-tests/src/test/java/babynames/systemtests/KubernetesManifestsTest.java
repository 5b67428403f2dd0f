package babynames.systemtests;

import static babynames.systemtests.KubernetesManifests.container;
import static babynames.systemtests.KubernetesManifests.list;
import static babynames.systemtests.KubernetesManifests.map;
import static babynames.systemtests.KubernetesManifests.name;
import static babynames.systemtests.KubernetesManifests.podLabels;
import static babynames.systemtests.KubernetesManifests.podSpec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.localstack.ServiceStack.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests, checked as a cluster would see them: every overlay is rendered by
 * {@code kubectl kustomize} and every object validated against the Kubernetes schemas; each
 * Deployment's variables are in the README's configuration table for its service; probes, ports,
 * scrape annotations and the books' sources agree with {@code MANAGEMENT_PORT} and {@code PORT};
 * rankers never outnumber partitions; no Secret or password is in the files.
 */
class KubernetesManifestsTest {
    private static final Pattern README_ROW = Pattern.compile("^\\| (.+?) \\| (.+?) \\| .*\\|$", Pattern.MULTILINE);
    private static final Pattern NAME_IN_CODE = Pattern.compile("`([A-Z][A-Z0-9_]*)`");
    private static final Pattern SECRET_NAME = Pattern.compile("PASSWORD|SECRET|TOKEN|JAAS");
    private static final Map<String, String> SHORT_NAMES = Map.of(
            "registration-service", "registration",
            "ranking-service", "ranking",
            "query-api", "query",
            "stream-api", "stream");

    private static final List<KubernetesManifests> RENDERED = new ArrayList<>();

    @BeforeAll
    static void render() throws Exception {
        Path kubectl = KubernetesManifests.kubectl().orElse(null);
        Assumptions.assumeTrue(
                kubectl != null,
                "No kubectl on PATH: skipping the Kubernetes manifest checks (apt-get install kubectl;"
                        + " .ci/install-packages does)");
        for (String overlay : KubernetesManifests.OVERLAYS) {
            RENDERED.add(KubernetesManifests.render(kubectl, overlay));
        }
    }

    @Test
    void everyObjectOfEveryOverlayIsValidByTheKubernetesSchemas() throws Exception {
        Path validator = KubernetesManifests.ROOT.resolve("validate");
        Path node = KubernetesManifests.onPath("node").orElse(null);
        Assumptions.assumeTrue(
                node != null && Files.isDirectory(validator.resolve("node_modules/kubernetes-models")),
                "No node, or no kubernetes-models in deploy/kubernetes/validate: skipping the schema validation"
                        + " (npm ci --prefix deploy/kubernetes/validate; .ci/install-packages does)");
        for (KubernetesManifests overlay : RENDERED) {
            ExternalCommand.Result validation = ExternalCommand.of(validator, List.of(node.toString(), "validate.mjs"))
                    .withInput(overlay.yaml)
                    .run();
            String report = validation.output();
            assertEquals(0, validation.exitCode(), overlay.overlay + ":\n" + report);
            assertEquals(
                    overlay.objects.size(),
                    report.lines().filter(l -> l.startsWith("valid ")).count(),
                    report);
        }
    }

    @Test
    void everyServiceIsDeployedWithItsImageResourcesAndPodDisruptionBudget() {
        for (KubernetesManifests overlay : RENDERED) {
            for (Service service : Service.values()) {
                Map<String, Object> deployment = overlay.find("Deployment", service.artifact())
                        .orElseThrow(() -> new AssertionError(overlay.overlay + ": no " + service.artifact()));
                Map<String, Object> container = container(deployment);
                assertTrue(
                        String.valueOf(container.get("image")).contains("babynames/" + service.artifact() + ":"),
                        overlay.overlay + " " + container.get("image"));
                Map<String, Object> resources = map(container.get("resources"));
                assertNotNull(map(resources.get("requests")).get("memory"), service.artifact() + " memory request");
                assertNotNull(map(resources.get("requests")).get("cpu"), service.artifact() + " cpu request");
                assertNotNull(map(resources.get("limits")).get("memory"), service.artifact() + " memory limit");
                assertTrue(
                        overlay.ofKind("Service").stream().anyMatch(s -> selects(s, deployment)),
                        overlay.overlay + ": a Service selects " + service.artifact());
                if (!overlay.overlay.endsWith("local")) {
                    assertTrue(
                            overlay.ofKind("PodDisruptionBudget").stream().anyMatch(p -> selects(p, deployment)),
                            overlay.overlay + ": a PodDisruptionBudget covers " + service.artifact());
                }
            }
            for (Map<String, Object> autoscaler : overlay.ofKind("HorizontalPodAutoscaler")) {
                String target = (String)
                        map(map(autoscaler.get("spec")).get("scaleTargetRef")).get("name");
                assertTrue(overlay.find("Deployment", target).isPresent(), overlay.overlay + " scales " + target);
            }
        }
        Set<String> scaled = new HashSet<>();
        RENDERED.get(0)
                .ofKind("HorizontalPodAutoscaler")
                .forEach(a -> scaled.add(
                        (String) map(map(a.get("spec")).get("scaleTargetRef")).get("name")));
        assertEquals(Set.of("registration-service", "query-api", "stream-api"), scaled);
    }

    /** A ranker beyond the partition count would only wait; the rollout must not add one either. */
    @Test
    void rankersNeverOutnumberThePartitions() {
        for (KubernetesManifests overlay : RENDERED) {
            Map<String, Object> ranker =
                    overlay.find("Deployment", "ranking-service").orElseThrow();
            int partitions = Integer.parseInt(
                    (String) overlay.environment(container(ranker)).get("KAFKA_REGISTRATION_PARTITIONS"));
            Map<String, Object> spec = map(ranker.get("spec"));
            assertTrue(((Number) spec.get("replicas")).intValue() <= partitions, overlay.overlay);
            assertEquals(0, map(map(spec.get("strategy")).get("rollingUpdate")).get("maxSurge"), overlay.overlay);
            assertTrue(overlay.ofKind("HorizontalPodAutoscaler").stream()
                    .noneMatch(a -> "ranking-service"
                            .equals(map(map(a.get("spec")).get("scaleTargetRef"))
                                    .get("name"))));
        }
    }

    /** What ManagementPortIT shows answering on MANAGEMENT_PORT is what the probes ask. */
    @Test
    void probesScrapingAndTheBooksUseTheManagementPortAndTheApiUsesPort() {
        for (KubernetesManifests overlay : RENDERED) {
            for (Service service : Service.values()) {
                Map<String, Object> deployment =
                        overlay.find("Deployment", service.artifact()).orElseThrow();
                Map<String, Object> container = container(deployment);
                Map<String, Object> env = overlay.environment(container);
                String what = overlay.overlay + " " + service.artifact();
                Map<String, Integer> ports = new HashMap<>();
                list(container.get("ports"))
                        .forEach(p -> ports.put(
                                (String) map(p).get("name"), ((Number) map(p).get("containerPort")).intValue()));
                assertEquals(Integer.parseInt((String) env.get("MANAGEMENT_PORT")), ports.get("management"), what);
                assertEquals(Integer.parseInt((String) env.get("PORT")), ports.get("http"), what);

                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    Map<String, Object> httpGet = map(map(container.get(probe)).get("httpGet"));
                    assertEquals("management", httpGet.get("port"), what + " " + probe);
                    assertTrue(
                            ManagementPortIT.HEALTH_PATHS.contains(httpGet.get("path")), what + " " + probe + " path");
                }
                assertEquals(
                        "/health/readiness",
                        map(map(container.get("readinessProbe")).get("httpGet")).get("path"),
                        what);
                Map<String, Object> annotations =
                        map(map(map(map(deployment.get("spec")).get("template")).get("metadata"))
                                .get("annotations"));
                assertEquals(String.valueOf(ports.get("management")), annotations.get("prometheus.io/port"), what);
                assertEquals("/prometheus", annotations.get("prometheus.io/path"), what);
            }
            Map<String, Object> stream =
                    container(overlay.find("Deployment", "stream-api").orElseThrow());
            for (String source : String.valueOf(overlay.environment(stream).get("FLOW_SOURCES"))
                    .split(",")) {
                String serviceName = source.substring(0, source.indexOf('='));
                String url = source.substring(source.indexOf('=') + 1);
                Map<String, Object> target =
                        overlay.find("Service", serviceName).orElseThrow();
                boolean managementPort = list(map(target.get("spec")).get("ports")).stream()
                        .map(KubernetesManifests::map)
                        .anyMatch(p -> "management".equals(p.get("targetPort"))
                                && url.equals("http://" + serviceName + ":" + p.get("port")));
                assertTrue(managementPort, overlay.overlay + " FLOW_SOURCES " + source);
            }
        }
    }

    @Test
    void eachDeploymentsVariablesAreInTheReadmeTableForItsService() throws Exception {
        Map<String, Set<String>> documented = readmeTable();
        for (KubernetesManifests overlay : RENDERED) {
            for (Map<String, Object> deployment : overlay.ofKind("Deployment")) {
                String service = SHORT_NAMES.get(name(deployment));
                for (String variable :
                        overlay.environment(container(deployment)).keySet()) {
                    Set<String> services = documented.get(variable);
                    boolean kafkaClientProperty = services == null && variable.startsWith("KAFKA_");
                    assertTrue(
                            kafkaClientProperty
                                    || services != null && (services.contains("all") || services.contains(service)),
                            overlay.overlay + ": " + name(deployment) + " sets " + variable
                                    + ", which the README's table does not list for " + service);
                }
            }
        }
    }

    @Test
    void noSecretOrPasswordIsInTheManifests() {
        for (KubernetesManifests overlay : RENDERED) {
            assertTrue(overlay.ofKind("Secret").isEmpty(), overlay.overlay + " commits a Secret");
            for (Map<String, Object> workload : overlay.objects) {
                if (!List.of("Deployment", "StatefulSet").contains(workload.get("kind"))) {
                    continue;
                }
                for (Object container : list(podSpec(workload).get("containers"))) {
                    for (var variable : overlay.environment(map(container)).entrySet()) {
                        if (SECRET_NAME.matcher(variable.getKey()).find()) {
                            assertTrue(
                                    variable.getValue() instanceof Map<?, ?> entry
                                            && map(entry.get("valueFrom")).containsKey("secretKeyRef"),
                                    overlay.overlay + " " + name(workload) + " " + variable.getKey()
                                            + " must come from a Secret");
                        }
                    }
                }
            }
        }
    }

    @Test
    void theRenderedOverlaysHaveWhatEachPromises() {
        KubernetesManifests local = RENDERED.get(1);
        assertTrue(local.find("StatefulSet", "kafka").isPresent());
        assertTrue(local.find("StatefulSet", "postgres").isPresent());
        assertTrue(local.ofKind("HorizontalPodAutoscaler").isEmpty());
        local.ofKind("Deployment")
                .forEach(d -> assertEquals(1, map(d.get("spec")).get("replicas"), name(d)));

        KubernetesManifests production = RENDERED.get(2);
        assertFalse(production.find("StatefulSet", "kafka").isPresent(), "production brings no Kafka of its own");
        for (Map<String, Object> deployment : production.ofKind("Deployment")) {
            Map<String, Object> env = production.environment(container(deployment));
            assertEquals("SASL_SSL", env.get("KAFKA_SECURITY_PROTOCOL"), name(deployment));
            assertTrue(env.containsKey("KAFKA_SASL_JAAS_CONFIG"), name(deployment));
        }
    }

    private static boolean selects(Map<String, Object> selector, Map<String, Object> deployment) {
        Map<String, Object> spec = map(selector.get("spec"));
        Map<String, Object> wanted =
                spec.containsKey("selector") && map(spec.get("selector")).containsKey("matchLabels")
                        ? map(map(spec.get("selector")).get("matchLabels"))
                        : map(spec.get("selector"));
        return !wanted.isEmpty() && podLabels(deployment).entrySet().containsAll(wanted.entrySet());
    }

    /** Each variable of the README's configuration table and the services it is listed for. */
    private static Map<String, Set<String>> readmeTable() throws Exception {
        String readme = Files.readString(OpsFiles.ROOT.resolve("README.md"));
        String table = readme.substring(readme.indexOf("## Configuration"), readme.indexOf("## Tests"));
        Map<String, Set<String>> rows = new HashMap<>();
        Matcher row = README_ROW.matcher(table);
        while (row.find()) {
            Matcher name = NAME_IN_CODE.matcher(row.group(1));
            while (name.find()) {
                rows.computeIfAbsent(name.group(1), n -> new HashSet<>())
                        .addAll(List.of(row.group(2).split(",\\s*")));
            }
        }
        assertTrue(rows.size() > 30, "the README's table was read: " + rows.keySet());
        return rows;
    }
}
