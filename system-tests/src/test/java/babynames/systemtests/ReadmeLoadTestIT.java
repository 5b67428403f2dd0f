package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.localstack.ServiceStack;
import babynames.localstack.ServiceStack.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's load-generator example, as written there but for a shorter warm-up and measured
 * part ({@link #SHORTENED}), against a freshly started local stack, cold JIT and all: the command
 * runs, its books balance (every accepted registration reached every subscriber and was counted
 * once) and its {@code errors} objective holds.
 *
 * <p>Its latency and freshness objectives are printed, not asserted: on the 2-core build machine
 * they hold or not with the machine's speed of the day, which varies 2-3x (decision 0022); how fast
 * a cold stack meets them is the benchmarks' time to warm. The example's two minutes of warm-up are
 * there for those objectives, so the build does not spend them (they were a tenth of the build).
 */
class ReadmeLoadTestIT {
    private static final Pattern LOADGEN_EXAMPLE = Pattern.compile(
            "## Load generator.*?```sh\\n(java -jar loadgen/target/loadgen\\.jar.*?)\\n```", Pattern.DOTALL);
    private static final Pattern MISSED_SLO = Pattern.compile("\\[loadgen] SLO (\\S+): MISSED");
    /** The objectives that measure the machine as much as the code. */
    private static final Pattern TIMING = Pattern.compile("(http|freshness)\\.[a-z0-9]+<.*");

    private static final Map<String, String> SHORTENED = Map.of("--warmup", "20s", "--duration", "20s");

    @TempDir
    Path data;

    @Test
    void theReadmeExampleBalancesItsBooksOnAFreshlyStartedStack() throws Exception {
        Path repo = ServiceStack.findRepoRoot();
        Matcher example = LOADGEN_EXAMPLE.matcher(Files.readString(repo.resolve("README.md")));
        assertTrue(example.find(), "README.md has a loadgen example under ## Load generator");
        List<String> command = new ArrayList<>(ShellWords.split(example.group(1)));
        command.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        SHORTENED.forEach((option, value) -> {
            int at = command.indexOf(option);
            assertTrue(at > 0, "the README example sets " + option);
            command.set(at + 1, value);
        });

        try (LocalStackProcess stack = LocalStackProcess.startOnUsualPortsIfFree(data, Map.of(), List.of())) {
            if (!stack.onUsualPorts()) {
                // Someone runs a stack on 8080-8083 already: point the example at this one instead.
                command.addAll(List.of(
                        "--registration-url", stack.url(Service.REGISTRATION),
                        "--stream-url", stack.url(Service.STREAM),
                        "--ranking-url", stack.url(Service.RANKING)));
            }
            Path log = Path.of("target", "readme-loadgen.log").toAbsolutePath();
            Process loadgen = new ProcessBuilder(command)
                    .directory(repo.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            assertTrue(loadgen.waitFor(5, TimeUnit.MINUTES), "loadgen finished");
            String output = Files.readString(log);
            assertTrue(output.contains("| countedTwice | 0 |"), "the books were printed\n" + output);
            assertFalse(output.contains("[loadgen] BOOKS:"), "the books balance\n" + output);
            List<String> missed = MISSED_SLO
                    .matcher(output)
                    .results()
                    .map(match -> match.group(1))
                    .toList();
            assertEquals(
                    List.of(),
                    missed.stream()
                            .filter(slo -> !TIMING.matcher(slo).matches())
                            .toList(),
                    "only latency or freshness objectives may be missed\n" + output);
            assertEquals(missed.isEmpty() ? 0 : 1, loadgen.exitValue(), output);
            if (!missed.isEmpty()) {
                System.out.println("ReadmeLoadTestIT: on this machine the cold stack missed " + missed);
            }
        }
    }
}
