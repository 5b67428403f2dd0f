package babynames.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {
    private static final Duration SOON = Duration.ofSeconds(2);

    @Test
    void doublesWhileTheProcessKeepsExitingSoonUpToThirtySeconds() {
        RestartBackoff backoff = new RestartBackoff();
        long[] seconds = new long[8];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = backoff.next(SOON).toSeconds();
        }
        assertEquals("[1, 2, 4, 8, 16, 30, 30, 30]", java.util.Arrays.toString(seconds));
    }

    @Test
    void aRunOfAMinuteStartsTheSequenceOver() {
        RestartBackoff backoff = new RestartBackoff();
        backoff.next(SOON);
        backoff.next(SOON);
        assertEquals(Duration.ofSeconds(4), backoff.next(SOON));
        assertEquals(Duration.ofSeconds(1), backoff.next(RestartBackoff.HEALTHY_RUN));
        assertEquals(Duration.ofSeconds(2), backoff.next(SOON));
    }

    @Test
    void neverOverflowsHoweverLongItFails() {
        RestartBackoff backoff = new RestartBackoff();
        for (int i = 0; i < 1000; i++) {
            assertEquals(true, backoff.next(SOON).compareTo(RestartBackoff.MAX) <= 0);
        }
    }
}
