package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.testsupport.ServiceStack.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The operations files checked without Docker: Prometheus scrapes every service, the alert rules pass their unit tests ({@code promtool}, from Debian's
 * {@code prometheus} package, which {@code .ci/run} installs), and the dashboard parses.
 */
class OpsFilesTest {
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
        assertEquals(0, run(promtool.toString(), "check", "rules", "ops/prometheus/rules/babynames.yml"));
        assertEquals(0, run(promtool.toString(), "test", "rules", "ops/prometheus/tests/babynames.test.yml"));
    }

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command)
                .directory(OpsFiles.ROOT.toFile())
                .inheritIO()
                .start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command));
        return process.exitValue();
    }
}
