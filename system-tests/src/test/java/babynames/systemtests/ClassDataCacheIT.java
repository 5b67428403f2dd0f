package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.embedded.FreePorts;
import babynames.localstack.ClassDataCache;
import babynames.localstack.JitMode;
import babynames.localstack.ServiceProcess;
import babynames.localstack.ServiceStack.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real service on this JDK: its first run, stopped as Ctrl-C stops it, leaves its class data;
 * the next run maps that archive; and neither prints anything on stdout that is not a JSON log
 * line, the lines it logs while it stops included.
 */
class ClassDataCacheIT {
    private static final Duration READY_WITHIN = Duration.ofMinutes(1);

    @Test
    void aServiceTrainsOnItsFirstRunAndMapsTheArchiveOnTheNext(@TempDir Path dir) throws Exception {
        // A copy of its own: the archive is written beside the jar, and other tests run the original.
        Path original = OpsFiles.ROOT.resolve("registration-service/target/registration-service.jar");
        Path jar = Files.copy(original, dir.resolve("registration-service.jar"));
        ClassDataCache cache = ClassDataCache.fromEnvironment(Map.of());
        List<String> output = new CopyOnWriteArrayList<>();

        ServiceProcess training = start(jar, cache, output);
        training.awaitOk("/health/liveness", Duration.ofMillis(100), READY_WITHIN);
        assertEquals(143, training.stop(Duration.ofMinutes(1)), "SIGTERM's exit code, archive or not");
        // What it logs as it stops reaches the stack's log too (it is when the archive is written).
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> output.stream().anyMatch(line -> line.contains("Embedded Application shutting down")));
        List<Path> kept = filesUnder(dir.resolve("class-data"));
        assertEquals(2, kept.size(), "the jar's copy and its archive, no partial file: " + kept);
        Path archive = kept.stream()
                .filter(file -> !file.toString().endsWith(".jar"))
                .findFirst()
                .orElseThrow();

        // ./run-local.sh packages before every start: the same jar, written again.
        Files.copy(original, jar, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
        ServiceProcess trained = start(jar, cache, output);
        try {
            trained.awaitOk("/health/liveness", Duration.ofMillis(100), READY_WITHIN);
            String maps = Files.readString(Path.of("/proc", String.valueOf(trained.pid()), "maps"));
            assertTrue(maps.contains(archive.toString()), "the second run maps " + archive.getFileName());
        } finally {
            trained.stop(Duration.ofMinutes(1));
        }
        List<String> notJson = output.stream()
                .map(line -> line.substring(line.indexOf("] ") + 2))
                .filter(line -> !line.startsWith("{"))
                .toList();
        assertEquals(List.of(), notJson, "stdout carries JSON log lines only");
    }

    private static ServiceProcess start(Path jar, ClassDataCache cache, List<String> output) {
        int port = FreePorts.next();
        return ServiceProcess.start(
                "registration-service",
                jar,
                List.of(),
                // no broker: liveness does not need one, and neither does the archive
                Map.of("PORT", String.valueOf(port), "KAFKA_BOOTSTRAP_SERVERS", "localhost:1"),
                port,
                output::add,
                cache,
                Service.REGISTRATION.jvm(JitMode.TIERED));
    }

    private static List<Path> filesUnder(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
