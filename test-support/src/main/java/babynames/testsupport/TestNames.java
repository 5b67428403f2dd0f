package babynames.testsupport;

import java.util.UUID;

/** Names no other test uses, so each test can find its own records on shared topics and tables. */
public final class TestNames {
    private TestNames() {}

    /** A valid baby name of 14 letters (A to P), unique to the caller. */
    public static String unique() {
        String hex = UUID.randomUUID().toString().replace("-", "").substring(0, 13);
        StringBuilder name = new StringBuilder("Q");
        for (char c : hex.toCharArray()) {
            name.append((char) ('A' + Character.digit(c, 16)));
        }
        return name.toString();
    }
}
