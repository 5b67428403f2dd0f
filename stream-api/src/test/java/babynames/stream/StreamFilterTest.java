package babynames.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.events.Sex;
import babynames.support.ProblemException;
import org.junit.jupiter.api.Test;

class StreamFilterTest {
    private final StreamEvent boy = TestEvents.baby(Sex.MALE, 0, 1);
    private final StreamEvent girlsTop10 = TestEvents.top10(Sex.FEMALE, 0, 1);

    @Test
    void noFilterLetsEverythingThrough() {
        StreamFilter filter = StreamFilter.parse(null, null);

        assertTrue(filter.test(boy));
        assertTrue(filter.test(girlsTop10));
    }

    @Test
    void filtersByTypeAndSex() {
        assertFalse(StreamFilter.parse("top10", null).test(boy));
        assertTrue(StreamFilter.parse("baby, top10", "female").test(girlsTop10));
        assertFalse(StreamFilter.parse(null, "female").test(boy));
    }

    @Test
    void anUnknownTypeIsABadRequest() {
        ProblemException problem = assertThrows(ProblemException.class, () -> StreamFilter.parse("babies", null));

        assertEquals(400, problem.problem().status());
    }
}
