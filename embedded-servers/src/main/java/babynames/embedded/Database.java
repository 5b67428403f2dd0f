package babynames.embedded;

/** Where a PostgreSQL database is and how to log in to it. */
public record Database(String jdbcUrl, String user, String password) {}
