package babynames.embedded;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server whose first stop was lost still stops. This test owns a server of its own: stopping it
 * is what it checks.
 */
class EmbeddedPostgresCloseIT {

    @Test
    void aLaterCloseStopsAServerWhoseFirstStopWasLost(@TempDir Path dataDir) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir, 0, false);
        Path pidFile = dataDir.resolve("postmaster.pid");
        ProcessHandle postmaster = ProcessHandle.of(
                        Long.parseLong(Files.readAllLines(pidFile).get(0).strip()))
                .orElseThrow();
        try {
            // The first close's pg_ctl fails (here: it finds no PID file; in bench.sh's shutdown
            // it was stopped with the other child processes), and the server runs on, while the
            // embedded server counts itself closed.
            Path aside = dataDir.resolve("postmaster.pid.aside");
            Files.move(pidFile, aside);
            postgres.close(Duration.ofSeconds(2));
            Files.move(aside, pidFile);
            assertTrue(postmaster.isAlive(), "the lost stop left the server running");

            postgres.close(Duration.ofSeconds(2));

            assertFalse(postmaster.isAlive(), "the postmaster has exited");
        } finally {
            postmaster.destroyForcibly();
        }
    }
}
