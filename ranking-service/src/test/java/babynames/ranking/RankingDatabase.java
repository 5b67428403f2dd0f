package babynames.ranking;

import babynames.testsupport.BackingServices;
import babynames.testsupport.Database;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** A new, migrated ranking database of the test's own on the shared PostgreSQL. */
public final class RankingDatabase {
    private RankingDatabase() {}

    public static DataSource create() {
        Database database = BackingServices.shared().newDatabase();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(database.jdbcUrl());
        dataSource.setUser(database.user());
        dataSource.setPassword(database.password());
        new SchemaMigration(dataSource).migrate();
        return dataSource;
    }
}
