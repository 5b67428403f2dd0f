package babynames.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The id read from an accepted registration's answer and from a {@code baby} event alike. */
class RegistrationIdsTest {
    private static final UUID ID = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");

    @Test
    void theIdOfAnAnswerAndOfAnEvent() {
        assertEquals(ID, RegistrationIds.in("{\"id\":\"" + ID + "\",\"name\":\"OLIVIA\",\"sex\":\"female\"}"));
        assertEquals(
                ID,
                RegistrationIds.in(
                        "data:{\"name\":\"NOAH\",\"sex\":\"male\",\"id\":\"" + ID + "\",\"correlationId\":\"c\"}"));
    }

    @Test
    void noIdWhereThereIsNone() {
        assertNull(RegistrationIds.in("data:{\"sex\":\"male\",\"version\":3,\"names\":[]}"), "a top10 event");
        assertNull(RegistrationIds.in("{\"id\":\"" + ID.toString().substring(0, 20)), "cut short");
        assertNull(RegistrationIds.in("{\"id\":\"not-a-registration-id-though-long-enough\"}"), "not a UUID");
    }
}
