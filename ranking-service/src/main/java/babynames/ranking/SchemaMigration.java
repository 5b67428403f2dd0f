package babynames.ranking;

import io.micronaut.flyway.FlywayConfigurationProperties;
import io.micronaut.flyway.FlywayMigrator;
import io.micronaut.jdbc.DataSourceResolver;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/**
 * Brings the ranking schema up to date with Flyway (micronaut-flyway's configuration under
 * {@code flyway.datasources.default}); safe to run any number of times. Run by the ranker once
 * PostgreSQL answers, not at start, so the service starts while the database is away.
 */
@Singleton
public class SchemaMigration {
    private final FlywayMigrator migrator;
    private final FlywayConfigurationProperties configuration;
    private final DataSource dataSource;
    private volatile boolean migrated;

    SchemaMigration(
            FlywayMigrator migrator,
            @Named("default") FlywayConfigurationProperties configuration,
            DataSource dataSource,
            DataSourceResolver resolver) {
        this.migrator = migrator;
        this.configuration = configuration;
        // Flyway manages its own connections and transactions, outside Micronaut's.
        this.dataSource = resolver.resolve(dataSource);
    }

    /** Migrates once per process; later calls return at once. Throws while the database is unreachable. */
    public synchronized void ensureMigrated() {
        if (!migrated) {
            migrate();
            migrated = true;
        }
    }

    public boolean isMigrated() {
        return migrated;
    }

    public void migrate() {
        migrator.run(configuration, dataSource);
    }
}
