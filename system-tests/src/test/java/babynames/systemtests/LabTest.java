package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabTest {
    @Test
    void readsTheStackTheStepsAndWhatEachMustShow() {
        Lab lab = Lab.parse("01.md", """
                # A lab
                <!-- stack: FLOW_WINDOW=20s SSE_CLIENT_BUFFER=100 --replicas ranking=3 -->

                ```sh no-run
                ./run-local.sh --fresh
                ```

                ```sh
                curl -s localhost:8080/top10
                ```

                ```output
                "boys"

                "girls"
                ```

                ```sh timeout=120
                java -jar loadgen/target/loadgen.jar \\
                    --duration 60s
                ```
                """);
        assertEquals(List.of("--replicas", "ranking=3"), lab.stackArgs());
        assertEquals(Map.of("FLOW_WINDOW", "20s", "SSE_CLIENT_BUFFER", "100"), lab.stackEnv());
        assertEquals(2, lab.steps().size());
        assertEquals(
                new Lab.Step("curl -s localhost:8080/top10", List.of("\"boys\"", "\"girls\""), Lab.DEFAULT_TIMEOUT),
                lab.steps().get(0));
        assertEquals(Duration.ofSeconds(120), lab.steps().get(1).timeout());
        assertEquals(List.of(), lab.steps().get(1).expected());
    }

    @Test
    void anOutputBlockNeedsACommandBeforeIt() {
        assertThrows(IllegalArgumentException.class, () -> Lab.parse("x.md", "```output\nhello\n```\n"));
    }
}
