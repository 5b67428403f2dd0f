package babynames.ranking.counting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.events.RankedName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Top10Test {
    private static List<RankedName> fullTop10() {
        List<Top10.NameCount> names = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            names.add(new Top10.NameCount("NAME" + (char) ('A' + i), 100 - i));
        }
        return Top10.rank(names);
    }

    @Test
    void aNameBelowTheTenthCannotChangeAFullTop10() {
        assertFalse(Top10.couldChange(fullTop10(), Map.of("ZED", 90L)));
    }

    @Test
    void aNameThatBeatsTheTenthCouldChangeIt() {
        assertTrue(Top10.couldChange(fullTop10(), Map.of("ZED", 92L)));
    }

    @Test
    void aTieWithTheTenthCountsOnlyWhenTheNameSortsFirst() {
        // The 10th is NAMEJ with 91.
        assertTrue(Top10.couldChange(fullTop10(), Map.of("ADAM", 91L)));
        assertFalse(Top10.couldChange(fullTop10(), Map.of("ZED", 91L)));
    }

    @Test
    void aNameAlreadyListedCouldReorderIt() {
        assertTrue(Top10.couldChange(fullTop10(), Map.of("NAMEJ", 91L)));
    }

    @Test
    void anyNameCouldChangeATop10ThatIsNotFull() {
        assertTrue(Top10.couldChange(List.of(), Map.of("ZED", 1L)));
    }

    @Test
    void ranksStartAtOne() {
        List<RankedName> ranked = Top10.rank(List.of(new Top10.NameCount("A", 5), new Top10.NameCount("B", 3)));

        assertEquals(List.of(new RankedName(1, "A", 5), new RankedName(2, "B", 3)), ranked);
    }
}
