package babynames.embedded;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where a PostgreSQL database is and how to log in to it. */
public record Database(String jdbcUrl, String user, String password) {
    /** The URL's last path segment, before any {@code ?parameters}: the database's name. */
    private static final Pattern NAME = Pattern.compile("/([^/?]+)(\\?|$)");

    /** The database's name, from its URL. */
    public String name() {
        Matcher matcher = NAME.matcher(jdbcUrl);
        if (!matcher.find()) {
            throw new IllegalStateException("No database name in " + jdbcUrl);
        }
        return matcher.group(1);
    }

    /** The database {@code name} on the same server, with the same login and URL parameters. */
    public Database sibling(String name) {
        String url = NAME.matcher(jdbcUrl).replaceFirst("/" + Matcher.quoteReplacement(name) + "$2");
        return new Database(url, user, password);
    }
}
