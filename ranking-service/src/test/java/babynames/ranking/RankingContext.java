package babynames.ranking;

import babynames.embedded.Database;
import babynames.testsupport.BackingServices;
import io.micronaut.context.ApplicationContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * ranking-service's beans on a new, migrated database of the test's own on the shared PostgreSQL,
 * in the admin environment (no consumer, no relay, no HTTP server), so a test drives counting
 * itself; and a plain JDBC connection to the same database for what the test checks.
 */
public final class RankingContext implements AutoCloseable {
    private final Database database;
    private final ApplicationContext context;

    private RankingContext(Database database, ApplicationContext context) {
        this.database = database;
        this.context = context;
    }

    public static RankingContext start() {
        Database database = BackingServices.shared().newDatabase();
        ApplicationContext context = ApplicationContext.builder()
                .environments(RankingEnvironments.ADMIN)
                .deduceEnvironment(false)
                .banner(false)
                .properties(datasources(database))
                .start();
        context.getBean(SchemaMigration.class).migrate();
        return new RankingContext(database, context);
    }

    /** Both of ranking-service's datasources, counting's and the names lookup's, on {@code database}. */
    public static Map<String, Object> datasources(Database database) {
        return Map.of(
                "datasources.default.url", database.jdbcUrl(),
                "datasources.default.username", database.user(),
                "datasources.default.password", database.password(),
                "datasources.names.url", database.jdbcUrl(),
                "datasources.names.username", database.user(),
                "datasources.names.password", database.password());
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** A connection of the test's own, outside the service's transactions. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    }

    /** Empties what counting writes, so the next try of a property starts from a new database's state. */
    public void reset() throws SQLException {
        try (Connection c = connect()) {
            c.createStatement().execute("TRUNCATE name_counts, seen_events, outbox, registration_offsets");
            c.createStatement().execute("UPDATE top10_snapshots SET version = 0, names = '[]'");
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
