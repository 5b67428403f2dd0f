package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./bench.sh} interrupted (SIGTERM here; Ctrl-C is SIGINT, which runs the same shutdown)
 * leaves nothing running: not the four services it started, nor its PostgreSQL.
 */
class BenchInterruptedIT {

    @Test
    void anInterruptedBenchmarkStopsEveryProcessItStarted(@TempDir Path ons) throws Exception {
        // A small stand-in for the ONS files, in their format.
        Files.writeString(ons.resolve("boys_2015.csv"), "OLIVER,6941\nJACK,5371\nHARRY,5308\n");
        Files.writeString(ons.resolve("girls_2015.csv"), "AMELIA,5327\nOLIVIA,4724\nEMILY,3793\n");
        Path jar = OpsFiles.ROOT.resolve("benchmarks/target/benchmarks.jar");
        Process bench = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        jar.toString(),
                        "--ons",
                        ons.toString(),
                        "--only",
                        "start",
                        "--runs",
                        "1")
                .directory(OpsFiles.ROOT.toFile())
                .redirectErrorStream(true)
                .start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (var lines =
                    new BufferedReader(new InputStreamReader(bench.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(line -> {
                    output.add(line);
                    System.out.println("[bench] " + line);
                });
            } catch (Exception e) {
                // the process is gone
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            Awaitility.await()
                    .atMost(Duration.ofMinutes(3))
                    .until(() -> output.stream().anyMatch(l -> l.contains("stack ready")) || !bench.isAlive());
            assertTrue(
                    bench.isAlive(), "the benchmark ended before its stack was ready:\n" + String.join("\n", output));
            List<ProcessHandle> started = bench.toHandle().descendants().toList();
            List<ProcessHandle> postgres = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().orElse("").contains("bench-stack-pg"))
                    .toList();
            assertTrue(started.size() >= 4, "the four services run as its children: " + started.size());
            assertTrue(!postgres.isEmpty(), "its PostgreSQL runs");

            bench.destroy();

            assertTrue(bench.waitFor(60, TimeUnit.SECONDS), "the benchmark exits on SIGTERM");
            try {
                Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> started.stream().noneMatch(ProcessHandle::isAlive)
                                && postgres.stream().noneMatch(ProcessHandle::isAlive));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("still running 30 s after the benchmark exited: "
                        + java.util.stream.Stream.concat(started.stream(), postgres.stream())
                                .filter(ProcessHandle::isAlive)
                                .map(p -> p.info().commandLine().orElse(String.valueOf(p.pid())))
                                .toList());
            }
        } finally {
            bench.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            bench.destroyForcibly();
        }
    }
}
