package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.localstack.JitMode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
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
        // Every process the benchmark starts inherits this, however it was started and whoever its
        // parent is by the end (PostgreSQL's is not the benchmark's JVM).
        String marker = "BENCH_INTERRUPTED_IT=" + UUID.randomUUID();
        ProcessBuilder builder = new ProcessBuilder(
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
                .redirectErrorStream(true);
        builder.environment().put("BENCH_INTERRUPTED_IT", marker.substring(marker.indexOf('=') + 1));
        // What is measured does not matter here, only what is left running: C1 starts it sooner.
        builder.environment().put(JitMode.SETTING, JitMode.C1.toString());
        Process bench = builder.start();
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
            assertTrue(startedBy(marker).size() >= 5, "its services and PostgreSQL carry the marker");

            bench.destroy();

            assertTrue(bench.waitFor(60, TimeUnit.SECONDS), "the benchmark exits on SIGTERM");
            // Those it had started by then, and any it started while it was being stopped (its
            // main thread goes on until the JVM halts: the class-data training restarts the four
            // services right after "stack ready").
            try {
                Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> started.stream().noneMatch(ProcessHandle::isAlive)
                                && postgres.stream().noneMatch(ProcessHandle::isAlive)
                                && startedBy(marker).isEmpty());
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("still running 30 s after the benchmark exited: "
                        + java.util.stream.Stream.of(started, postgres, startedBy(marker))
                                .flatMap(List::stream)
                                .filter(ProcessHandle::isAlive)
                                .map(p -> p.info().commandLine().orElse(String.valueOf(p.pid())))
                                .distinct()
                                .toList());
            }
        } finally {
            bench.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            bench.destroyForcibly();
            startedBy(marker).forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** The live processes whose environment holds {@code marker} ({@code NAME=value}). */
    private static List<ProcessHandle> startedBy(String marker) {
        byte[] wanted = marker.getBytes(StandardCharsets.UTF_8);
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> {
                    try {
                        byte[] environ = Files.readAllBytes(Path.of("/proc", String.valueOf(p.pid()), "environ"));
                        return indexOf(environ, wanted) >= 0;
                    } catch (Exception e) {
                        return false; // gone, or not ours to read
                    }
                })
                .toList();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
