package babynames.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.loadgen.CapacitySearch.Outcome;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import java.util.function.DoubleFunction;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Test;

class CapacitySearchTest {

    /** Runs a search against a system that holds exactly the rates {@code holds} accepts. */
    private static CapacitySearch search(CapacitySearch search, DoublePredicate holds) {
        return searchRuns(search, rate -> holds.test(rate) ? Outcome.HELD : Outcome.MISSED);
    }

    /** Runs a search against a system whose runs go as {@code runs} says, run after run. */
    private static CapacitySearch searchRuns(CapacitySearch search, DoubleFunction<Outcome> runs) {
        for (OptionalDouble rate = search.next(); rate.isPresent(); rate = search.next()) {
            search.record(rate.getAsDouble(), runs.apply(rate.getAsDouble()));
        }
        return search;
    }

    private static List<Double> rates(CapacitySearch search) {
        return search.steps().stream().map(CapacitySearch.Step::rate).toList();
    }

    @Test
    void stepsUpUntilARateBreaksThenHalvesTheGap() {
        CapacitySearch found = search(new CapacitySearch(200, 5000, 1.5, 0.05), rate -> rate <= 730);

        assertEquals(
                List.of(200.0, 300.0, 450.0, 675.0, 1012.0, 1012.0, 843.0, 843.0),
                rates(found).subList(0, 8));
        double highest = found.highestHeld().orElseThrow();
        assertTrue(highest <= 730 && highest >= 730 * 0.95, "found " + highest);
    }

    @Test
    void aStartThatBreaksIsHalvedUntilARateHolds() {
        CapacitySearch found = search(new CapacitySearch(1000, 5000, 1.5, 0.05), rate -> rate <= 130);

        assertEquals(
                List.of(1000.0, 1000.0, 500.0, 500.0, 250.0, 250.0, 125.0),
                rates(found).subList(0, 7));
        double highest = found.highestHeld().orElseThrow();
        assertTrue(highest <= 130 && highest >= 130 * 0.95, "found " + highest);
    }

    @Test
    void aCeilingThatHoldsEndsTheSearchThere() {
        CapacitySearch found = search(new CapacitySearch(200, 400, 1.5, 0.05), rate -> true);

        assertEquals(List.of(200.0, 300.0, 400.0), rates(found));
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
     * precision below it, every step's verdict is the system's, and a rate is run a second time
     * only right after a first run at it missed.
     */
    @Test
    void findsAnyCapacityWithinThePrecisionRunningARateAgainOnlyAfterAMiss() {
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            double start = 1 + random.nextInt(2000);
            double capacity = Math.max(1, Math.floor(start * (0.1 + 49.9 * random.nextDouble())));
            CapacitySearch found = search(new CapacitySearch(start, 200_000, 1.5, 0.05), rate -> rate <= capacity);

            assertWithinPrecision(found, capacity, "capacity " + capacity + " from " + start);
            found.steps().forEach(step -> assertEquals(step.rate() <= capacity, step.held(), step.toString()));
            assertRunAgainOnlyAfterAMiss(found);
        }
    }

    @Test
    void aRateThatMissesOnceAndHoldsOnItsSecondRunHeld() {
        Set<Double> missedOnce = new HashSet<>();
        CapacitySearch found = searchRuns(
                new CapacitySearch(200, 5000, 1.5, 0.05),
                rate -> rate <= 730 && !(rate == 450 && missedOnce.add(rate)) ? Outcome.HELD : Outcome.MISSED);

        assertEquals(
                List.of(200.0, 300.0, 450.0, 450.0, 675.0, 1012.0, 1012.0),
                rates(found).subList(0, 7));
        assertWithinPrecision(found, 730, "one noisy run at 450/s");
    }

    @Test
    void booksThatDoNotBalanceBreakTheRateAtItsFirstRun() {
        CapacitySearch found = searchRuns(
                new CapacitySearch(200, 5000, 1.5, 0.05), rate -> rate <= 400 ? Outcome.HELD : Outcome.BOOKS_OFF);

        assertEquals(List.of(200.0, 300.0, 450.0, 375.0, 412.0, 393.0), rates(found));
        assertEquals(393, found.highestHeld().orElseThrow());
    }

    /**
     * A system whose runs at or under its capacity miss by chance, one in five: whenever no rate
     * missed twice by chance, the answer is still within the precision of the capacity (a single
     * run's miss would have ended the climb early), and the step limit always holds.
     */
    @Test
    void aChanceMissPerRateDoesNotLowerTheAnswer() {
        Random random = new Random(11);
        int searchesWithChanceMisses = 0;
        for (int i = 0; i < 2000; i++) {
            double start = 1 + random.nextInt(2000);
            double capacity = Math.max(1, Math.floor(start * (0.1 + 49.9 * random.nextDouble())));
            Map<Double, Integer> chanceMisses = new HashMap<>();
            CapacitySearch found = searchRuns(new CapacitySearch(start, 200_000, 1.5, 0.05), rate -> {
                if (rate > capacity) {
                    return Outcome.MISSED;
                }
                if (random.nextInt(5) == 0) {
                    chanceMisses.merge(rate, 1, Integer::sum);
                    return Outcome.MISSED;
                }
                return Outcome.HELD;
            });

            assertTrue(
                    found.steps().size() <= CapacitySearch.MAX_STEPS,
                    found.steps().toString());
            assertRunAgainOnlyAfterAMiss(found);
            if (!chanceMisses.isEmpty() && !chanceMisses.containsValue(2)) {
                searchesWithChanceMisses++;
                assertWithinPrecision(found, capacity, "capacity " + capacity + " from " + start);
            }
        }
        assertTrue(searchesWithChanceMisses > 1000, "searches with a chance miss: " + searchesWithChanceMisses);
    }

    private static void assertWithinPrecision(CapacitySearch found, double capacity, String what) {
        double highest = found.highestHeld().orElseThrow();
        assertTrue(
                highest <= capacity && (highest >= capacity * 0.95 || capacity - highest < 2),
                what + ": found " + highest + " in " + found.steps());
    }

    private static void assertRunAgainOnlyAfterAMiss(CapacitySearch found) {
        List<CapacitySearch.Step> steps = found.steps();
        Set<Double> tried = new HashSet<>();
        for (int i = 0; i < steps.size(); i++) {
            CapacitySearch.Step step = steps.get(i);
            if (!tried.add(step.rate())) {
                CapacitySearch.Step before = steps.get(i - 1);
                assertTrue(
                        before.rate() == step.rate()
                                && !before.held()
                                && (i < 2 || steps.get(i - 2).rate() != step.rate()),
                        "run again other than once right after a miss: " + steps);
            }
        }
    }

    @Test
    void refusesASearchThatCannotEnd() {
        assertThrows(IllegalArgumentException.class, () -> new CapacitySearch(200, 100, 1.5, 0.05));
        assertThrows(IllegalArgumentException.class, () -> new CapacitySearch(200, 1000, 1.0, 0.05));
        assertThrows(IllegalArgumentException.class, () -> new CapacitySearch(200, 1000, 1.5, 0));
    }
}
