package babynames.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Test;

class CapacitySearchTest {

    /** Runs a search against a system that holds exactly the rates {@code holds} accepts. */
    private static CapacitySearch search(CapacitySearch search, DoublePredicate holds) {
        for (OptionalDouble rate = search.next(); rate.isPresent(); rate = search.next()) {
            search.record(rate.getAsDouble(), holds.test(rate.getAsDouble()));
        }
        return search;
    }

    @Test
    void stepsUpUntilARateBreaksThenHalvesTheGap() {
        CapacitySearch found = search(new CapacitySearch(200, 5000, 1.5, 0.05), rate -> rate <= 730);

        assertEquals(
                List.of(200.0, 300.0, 450.0, 675.0, 1012.0),
                found.steps().stream().limit(5).map(CapacitySearch.Step::rate).toList());
        double highest = found.highestHeld().orElseThrow();
        assertTrue(highest <= 730 && highest >= 730 * 0.95, "found " + highest);
    }

    @Test
    void aStartThatBreaksIsHalvedUntilARateHolds() {
        CapacitySearch found = search(new CapacitySearch(1000, 5000, 1.5, 0.05), rate -> rate <= 130);

        assertEquals(
                List.of(1000.0, 500.0, 250.0, 125.0),
                found.steps().stream().limit(4).map(CapacitySearch.Step::rate).toList());
        double highest = found.highestHeld().orElseThrow();
        assertTrue(highest <= 130 && highest >= 130 * 0.95, "found " + highest);
    }

    @Test
    void aCeilingThatHoldsEndsTheSearchThere() {
        CapacitySearch found = search(new CapacitySearch(200, 400, 1.5, 0.05), rate -> true);

        assertEquals(
                List.of(200.0, 300.0, 400.0),
                found.steps().stream().map(CapacitySearch.Step::rate).toList());
        assertEquals(400, found.highestHeld().orElseThrow());
    }

    @Test
    void whenNothingHoldsThereIsNoCapacity() {
        CapacitySearch found = search(new CapacitySearch(200, 5000, 1.5, 0.05), rate -> false);

        assertTrue(found.highestHeld().isEmpty());
        assertTrue(found.steps().stream().noneMatch(CapacitySearch.Step::held));
        assertTrue(found.steps().size() <= CapacitySearch.MAX_STEPS);
    }

    /**
     * Whatever the capacity (from a tenth of the start to 50 times it), the answer is within the
     * precision below it, every step's verdict is the system's, and no rate is tried twice.
     */
    @Test
    void findsAnyCapacityWithinThePrecisionTryingNoRateTwice() {
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            double start = 1 + random.nextInt(2000);
            double capacity = Math.max(1, Math.floor(start * (0.1 + 49.9 * random.nextDouble())));
            CapacitySearch found = search(new CapacitySearch(start, 200_000, 1.5, 0.05), rate -> rate <= capacity);

            Set<Double> tried = new HashSet<>();
            found.steps().forEach(step -> assertTrue(tried.add(step.rate()), "tried twice: " + step));
            double highest = found.highestHeld().orElseThrow();
            assertTrue(
                    highest <= capacity && (highest >= capacity * 0.95 || capacity - highest < 2),
                    "capacity " + capacity + " from " + start + ": found " + highest + " in " + found.steps());
            found.steps().forEach(step -> assertEquals(step.rate() <= capacity, step.held(), step.toString()));
        }
    }

    @Test
    void refusesASearchThatCannotEnd() {
        assertThrows(IllegalArgumentException.class, () -> new CapacitySearch(200, 100, 1.5, 0.05));
        assertThrows(IllegalArgumentException.class, () -> new CapacitySearch(200, 1000, 1.0, 0.05));
        assertThrows(IllegalArgumentException.class, () -> new CapacitySearch(200, 1000, 1.5, 0));
    }
}
