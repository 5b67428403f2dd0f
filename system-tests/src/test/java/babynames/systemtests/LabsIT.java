package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.embedded.ScratchDirectory;
import babynames.localstack.ServiceStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every page of {@code labs/} run as a learner runs it, so the labs cannot rot: a fresh local stack
 * on the usual ports, then each command of the page in order, in bash, from a folder that looks
 * like the repository (links to its folders) with {@code .local-stack} being this stack's data;
 * each must succeed and show what the page says it shows.
 */
class LabsIT {
    @TestFactory
    Stream<DynamicTest> everyLabRunsAsWritten() throws IOException {
        Path repo = ServiceStack.findRepoRoot();
        List<Path> pages;
        try (Stream<Path> files = Files.list(repo.resolve("labs"))) {
            // -Dlabs=05,06 runs only those pages (while writing one); all of them by default.
            List<String> only = List.of(System.getProperty("labs", "").split(","));
            pages = files.filter(p -> p.getFileName().toString().matches("\\d\\d-.*\\.md"))
                    .filter(p -> only.equals(List.of(""))
                            || only.stream().anyMatch(p.getFileName().toString()::startsWith))
                    .sorted()
                    .toList();
        }
        assertFalse(pages.isEmpty(), "labs/ has lab pages");
        return pages.stream()
                .map(page -> DynamicTest.dynamicTest(page.getFileName().toString(), () -> run(Lab.read(page), repo)));
    }

    private static void run(Lab lab, Path repo) throws Exception {
        Path workspace = Files.createTempDirectory("lab-");
        try (Stream<Path> entries = Files.list(repo)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.equals(".local-stack") && !name.equals(".git")) {
                    Files.createSymbolicLink(workspace.resolve(name), entry);
                }
            }
        }
        long start = System.nanoTime();
        boolean passed = false;
        LocalStackProcess stack = lab.stackArgs() == null
                ? null
                : LocalStackProcess.startOnUsualPortsIfFree(
                        workspace.resolve(".local-stack"), lab.stackEnv(), lab.stackArgs());
        try {
            if (stack != null) {
                assertTrue(stack.onUsualPorts(), "the labs use ports 8080-8083, 9092 and 5432: stop what runs there");
            }
            for (Lab.Step step : lab.steps()) {
                runStep(lab, step, workspace);
            }
            passed = true;
        } finally {
            if (stack != null) {
                stack.close();
            }
            System.out.printf("[lab] %s took %d s%n", lab.name(), (System.nanoTime() - start) / 1_000_000_000);
            // The stack's data (a broker's log, a database) is tens of megabytes: kept only to look into.
            if (passed) {
                ScratchDirectory.deleteRecursively(workspace);
            } else {
                System.out.println("[lab] its folder, with the stack's logs, is kept: " + workspace);
            }
        }
    }

    private static void runStep(Lab lab, Lab.Step step, Path workspace) throws Exception {
        Path output = Files.createTempFile(workspace, "step-", ".out");
        Process shell = new ProcessBuilder("bash", "-c", step.command())
                .directory(workspace.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        boolean finished = shell.waitFor(step.timeout().toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            shell.descendants().forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly().waitFor();
        }
        String shown = Files.readString(output);
        String context = lab.name() + ": $ " + step.command() + "\n" + shown;
        System.out.println("[lab] " + context);
        assertTrue(finished, "did not finish within " + step.timeout() + ": " + context);
        assertEquals(0, shell.exitValue(), context);
        for (String line : step.expected()) {
            assertTrue(shown.contains(line), "shows '" + line + "': " + context);
        }
    }
}
