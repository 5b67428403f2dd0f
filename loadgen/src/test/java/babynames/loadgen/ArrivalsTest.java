package babynames.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ArrivalsTest {
    @Property
    void eachArrivalIsDueExactlyWhenTheCountReachesIt(
            @ForAll @IntRange(min = 1, max = 5000) int perSecond,
            @ForAll @IntRange(min = 0, max = 20) int rampSeconds,
            @ForAll @LongRange(min = 0, max = 50_000) long index) {
        Arrivals arrivals = new Arrivals(perSecond, Duration.ofSeconds(rampSeconds), Duration.ofHours(1));
        Assume.that(index < arrivals.total());

        Duration due = arrivals.dueAt(index);

        assertTrue(arrivals.dueBy(due) >= index + 1, "due by its time");
        assertTrue(arrivals.dueBy(due.minusNanos(1000)) <= index + 1, "not much earlier");
    }

    @Test
    void rampsUpThenHoldsTheRate() {
        Arrivals arrivals = new Arrivals(100, Duration.ofSeconds(10), Duration.ofSeconds(60));

        assertEquals(500, arrivals.dueBy(Duration.ofSeconds(10)), "half the rate on average during the ramp");
        assertEquals(600, arrivals.dueBy(Duration.ofSeconds(11)));
        assertEquals(5500, arrivals.total());
        assertEquals(5500, arrivals.dueBy(Duration.ofSeconds(90)), "nothing after the end");
    }

    @Test
    void theSenderWaitsForTheNextArrivalWithinItsShortestAndLongestPause() {
        assertEquals(
                Duration.ofMillis(2).toNanos(),
                Arrivals.pauseNanos(Duration.ofMillis(2).toNanos()),
                "on time at 500/s");
        assertEquals(
                Duration.ofMillis(1).toNanos(),
                Arrivals.pauseNanos(Duration.ofMillis(0).toNanos() + 250_000),
                "faster: together");
        assertEquals(Duration.ofMillis(1).toNanos(), Arrivals.pauseNanos(-5_000), "already due: the next round");
        assertEquals(
                Duration.ofMillis(10).toNanos(),
                Arrivals.pauseNanos(Duration.ofSeconds(1).toNanos()),
                "slow: still wakes");
    }

    @Test
    void readsRatesDurationsAndSlos() {
        assertEquals(2000, Options.rate("2000/s"));
        assertEquals(2, Options.rate("120/m"));
        assertEquals(Duration.ofMillis(500), Options.duration("500ms"));
        assertEquals(Duration.ofMinutes(2), Options.duration("2m"));
        Slo slo = Slo.parse("freshness.p99<0.1s");
        assertEquals(100, slo.bound());
        assertTrue(slo.metBy(java.util.Map.of("freshness.p99", 99.0)));
        assertTrue(!Slo.parse("achieved>95%").metBy(java.util.Map.of("achieved", 90.0)));
    }
}
