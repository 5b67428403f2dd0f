package babynames.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server (zonky's embedded binaries) as a child process of this JVM. With a data
 * directory it keeps its data across restarts; without one it lives in a temporary directory.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server) {
        this.server = server;
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
            return new EmbeddedPostgres(builder.start());
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

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
