package babynames.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DatabaseTest {
    @Test
    void theNameIsTheUrlsLastSegmentAndASiblingKeepsServerLoginAndParameters() {
        Database plain = new Database("jdbc:postgresql://localhost:5432/test_1", "u", "p");
        Database withParameters = new Database("jdbc:postgresql://db:5432/test?loggerLevel=OFF", "u", "p");

        assertEquals("test_1", plain.name());
        assertEquals("test", withParameters.name());
        assertEquals(new Database("jdbc:postgresql://localhost:5432/postgres", "u", "p"), plain.sibling("postgres"));
        assertEquals(
                new Database("jdbc:postgresql://db:5432/other?loggerLevel=OFF", "u", "p"),
                withParameters.sibling("other"));
    }
}
