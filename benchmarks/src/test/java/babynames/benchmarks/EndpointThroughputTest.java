package babynames.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * When the warm-up before an endpoint's sweeps has seen its throughput hold still, and which
 * numbers of connections the bisection after a sweep tries.
 */
class EndpointThroughputTest {

    @Test
    void notSteadyBeforeEnoughWindows() {
        assertFalse(EndpointThroughput.steady(List.of(9_000.0, 9_000.0)));
    }

    @Test
    void notSteadyWhileTheJitIsStillRaisingIt() {
        assertFalse(EndpointThroughput.steady(List.of(4_000.0, 7_000.0, 10_000.0, 12_000.0, 14_000.0)));
    }

    @Test
    void steadyWhenTheLastWindowsAreWithinTheSpread() {
        assertTrue(EndpointThroughput.steady(List.of(4_000.0, 9_000.0, 15_000.0, 15_600.0, 15_200.0)));
    }

    @Test
    void aRiseOfMoreThanTheSpreadAmongTheLastWindowsIsNotSteady() {
        assertFalse(EndpointThroughput.steady(List.of(15_000.0, 15_200.0, 15_900.0)));
    }

    @Test
    void windowsThatServedNothingAreNeverSteady() {
        assertFalse(EndpointThroughput.steady(List.of(0.0, 0.0, 0.0)));
    }

    @Test
    void bisectsBetweenTheLastPointThatHeldAndTheFirstThatMissed() {
        assertEquals(
                OptionalInt.of(192),
                EndpointThroughput.bisect(List.of(point(64, 20), point(128, 35), point(256, 57.5))));
    }

    @Test
    void stopsWhenTheTwoAreWithinTheFinestStep() {
        assertEquals(
                OptionalInt.empty(),
                EndpointThroughput.bisect(List.of(point(128, 35), point(256, 57.5), point(192, 44), point(224, 51))));
    }

    @Test
    void noBisectionWhenTheMostConnectionsHeld() {
        assertEquals(OptionalInt.empty(), EndpointThroughput.bisect(List.of(point(4, 1), point(256, 30))));
    }

    @Test
    void noBisectionWhenNothingHeld() {
        assertEquals(OptionalInt.empty(), EndpointThroughput.bisect(List.of(point(4, 60), point(16, 80))));
    }

    @Test
    void aPointWithAnswersThatAreNot2xxDidNotHold() {
        HttpBlaster.Result errors = new HttpBlaster.Result(256, 30_000, 2, 10, 150_000, 3);
        assertEquals(OptionalInt.of(192), EndpointThroughput.bisect(List.of(point(128, 30), errors)));
    }

    @Test
    void aMissBelowTheLastPointThatHeldIsNotABound() {
        // a stall at 64 connections, then 128 held: the bound is above 128
        assertEquals(
                OptionalInt.of(192), EndpointThroughput.bisect(List.of(point(64, 70), point(128, 40), point(256, 60))));
    }

    @Test
    void convergesOnTheKneeOfAMonotonicLatencyInAFewPoints() {
        for (int knee = 5; knee <= 256; knee++) {
            int last = knee;
            IntPredicate holds = connections -> connections < last;
            List<HttpBlaster.Result> points = new ArrayList<>();
            for (int connections : new int[] {4, 16, 64, 128, 256}) {
                points.add(point(connections, holds.test(connections) ? 30 : 60));
            }
            int extra = 0;
            for (OptionalInt next = EndpointThroughput.bisect(points);
                    next.isPresent();
                    next = EndpointThroughput.bisect(points)) {
                points.add(point(next.getAsInt(), holds.test(next.getAsInt()) ? 30 : 60));
                extra++;
            }
            int held = points.stream()
                    .filter(p -> p.held(EndpointThroughput.P99_LIMIT_MS))
                    .mapToInt(HttpBlaster.Result::connections)
                    .max()
                    .orElseThrow();
            int missed = points.stream()
                    .filter(p -> !p.held(EndpointThroughput.P99_LIMIT_MS))
                    .mapToInt(HttpBlaster.Result::connections)
                    .min()
                    .orElseThrow();
            assertTrue(extra <= 4, "knee " + knee + ": " + extra + " extra points");
            assertTrue(
                    held < knee
                            && knee <= missed
                            && missed <= Math.max(held * EndpointThroughput.FINEST_STEP, held + 1),
                    "knee " + knee + ": held " + held + ", missed " + missed);
        }
    }

    private static HttpBlaster.Result point(int connections, double p99Ms) {
        return new HttpBlaster.Result(connections, connections * 100.0, p99Ms / 3, p99Ms, connections * 500L, 0);
    }
}
