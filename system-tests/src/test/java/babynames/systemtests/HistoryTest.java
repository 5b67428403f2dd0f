package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The checker names each broken invariant, so a system test that passes has really been checked. */
class HistoryTest {
    @Test
    void namesALostAndADoubleCountedRegistration() {
        History history = new History();
        history.accepted(UUID.randomUUID(), "male:ADA");
        history.accepted(UUID.randomUUID(), "male:ADA");
        history.accepted(UUID.randomUUID(), "female:BO");

        assertEquals(
                List.of(
                        "lost: female:BO accepted 1 times, counted 0",
                        "counted twice: male:ADA accepted 2 times, counted 3",
                        "counted but never accepted: male:CY"),
                history.violations(Map.of("male:ADA", 3L, "male:CY", 1L)));
    }

    @Test
    void namesAVersionWithTwoContentsAndAVersionThatWentBack() {
        History history = new History();
        history.published("male", 4, "[ADA]");
        history.published("male", 4, "[ADA]");
        history.published("male", 5, "[ADA]");
        history.published("male", 5, "[BO]");
        history.versionSeen("query-api", "male", 4);
        history.versionSeen("query-api", "male", 5);
        history.versionSeen("query-api", "male", 4);

        assertEquals(
                List.of("two contents for male v5: [ADA] and [BO]", "version went back for query-api/male: 5 then 4"),
                history.violations(Map.of()));
    }

    @Test
    void aCleanHistoryHasNoViolations() {
        History history = new History();
        history.accepted(UUID.randomUUID(), "male:ADA");
        history.published("male", 1, "[ADA]");
        history.versionSeen("query-api", "male", 1);

        assertEquals(List.of(), history.violations(Map.of("male:ADA", 1L)));
    }
}
