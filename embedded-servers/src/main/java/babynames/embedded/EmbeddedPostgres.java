package babynames.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real PostgreSQL server (zonky's embedded binaries) as a child process of this JVM. With a data
 * directory it keeps its data across restarts; without one it lives in a temporary directory.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    /** Where its data is, when the owner chose; null for a throw-away server. */
    private final Path dataDir;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    /**
     * Starts PostgreSQL; {@code dataDir} may be null for a throw-away server, {@code port} 0 for any
     * port. It is stopped when this JVM exits, at the same time as anything else is.
     */
    public static EmbeddedPostgres start(Path dataDir, int port) {
        return start(dataDir, port, true);
    }

    /**
     * The same, for an owner that closes it itself, in its own order: the local stack stops the
     * services that use it first (stopped at once on Ctrl-C, it would go from under a ranker that
     * is still counting).
     */
    public static EmbeddedPostgres start(Path dataDir, int port, boolean stopWhenTheJvmExits) {
        PostgresPlatform.requireBundled();
        try {
            var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", dataDir == null ? "off" : "on")
                    // zonky's default of 10 s ran out once on 2 busy cores (the system tests' JVMs).
                    .setPGStartupWait(java.time.Duration.ofSeconds(60))
                    .setRegisterShutdownHook(stopWhenTheJvmExits);
            if (dataDir != null) {
                builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
            }
            if (port != 0) {
                builder.setPort(port);
            }
            return new EmbeddedPostgres(builder.start(), dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
    }

    public int port() {
        return server.getPort();
    }

    public Database database(String name) {
        return new Database("jdbc:postgresql://localhost:" + port() + "/" + name, USER, PASSWORD);
    }

    /** Creates the database unless it exists, and returns it. */
    public Database createDatabase(String name) {
        try (Connection c = server.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            var exists = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
            if (!exists.next()) {
                s.execute("CREATE DATABASE \"" + name + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        return database(name);
    }

    /** Stops it, and makes sure its postmaster has exited ({@link #close(Duration)}, 10 s each). */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    /**
     * Stops it with {@code pg_ctl stop} and makes sure its postmaster has exited, signalling it if
     * need be. zonky runs {@code pg_ctl stop} once per server, whichever thread asks first; if that
     * first stop was cut short (a shutdown hook stopping every child process of this JVM, {@code
     * pg_ctl} among them), a later close would do nothing and the server would outlive its owner.
     * So the postmaster is checked itself (by {@code postmaster.pid}, for a server with a data
     * directory of the owner's; a stop that worked has removed it) and sent SIGTERM (a smart
     * shutdown: its clients are gone by then), at last SIGKILL, when it has not exited within
     * {@code patience}; it returns once the postmaster has exited (or a last {@code patience} has
     * passed after the SIGKILL).
     */
    public void close(Duration patience) {
        Optional<ProcessHandle> postmaster = postmaster();
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            postmaster.ifPresent(process -> {
                if (!exits(process, patience)) {
                    process.destroy();
                    if (!exits(process, patience)) {
                        // Returns once it is gone: a SIGKILL takes effect a moment after it is sent.
                        process.destroyForcibly();
                        exits(process, patience);
                    }
                }
            });
        }
    }

    /** The running postmaster, by the first line of {@code postmaster.pid} in the data directory. */
    private Optional<ProcessHandle> postmaster() {
        if (dataDir == null) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            return lines.isEmpty()
                    ? Optional.empty()
                    : ProcessHandle.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty(); // not running, or not yet written
        }
    }

    private static boolean exits(ProcessHandle process, Duration within) {
        try {
            process.onExit().get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
