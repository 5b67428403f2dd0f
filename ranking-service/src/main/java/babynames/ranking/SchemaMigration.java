package babynames.ranking;

import jakarta.inject.Singleton;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Brings the ranking schema up to date with Flyway; safe to run any number of times. */
@Singleton
public final class SchemaMigration {
    private final DataSource dataSource;
    private volatile boolean migrated;

    public SchemaMigration(DataSource dataSource) {
        this.dataSource = dataSource;
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

    public MigrateResult migrate() {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }
}
