package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * The README's load-generator example, as written there, against a freshly started local stack: a
 * newcomer's first load test must pass on a laptop (here: 2 cores), cold JIT and all.
 */
class ReadmeLoadTestIT {
    private static final Pattern LOADGEN_EXAMPLE = Pattern.compile(
            "## Load generator.*?```sh\\n(java -jar loadgen/target/loadgen\\.jar.*?)\\n```", Pattern.DOTALL);

    @TempDir
    Path data;

    @Test
    void theReadmeExamplePassesOnAFreshlyStartedStack() throws Exception {
        Path repo = ServiceStack.findRepoRoot();
        Matcher example = LOADGEN_EXAMPLE.matcher(Files.readString(repo.resolve("README.md")));
        assertTrue(example.find(), "README.md has a loadgen example under ## Load generator");
        List<String> command = new ArrayList<>(ShellWords.split(example.group(1)));
        command.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());

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
            assertEquals(0, loadgen.exitValue(), output);
            assertTrue(output.contains("[loadgen] PASSED"), output);
        }
    }
}
