package babynames.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BrokerProbeTest {
    private final AtomicLong clock = new AtomicLong();
    private final List<CompletableFuture<Boolean>> questions = new ArrayList<>();
    private final BrokerProbe probe = new BrokerProbe(
            () -> {
                CompletableFuture<Boolean> question = new CompletableFuture<>();
                questions.add(question);
                return question;
            },
            clock::get);

    @Test
    void callersShareTheQuestionInFlightHoweverLongItTakes() {
        CompletableFuture<Boolean> first = probe.answers();
        clock.addAndGet(BrokerProbe.FRESH_FOR.toNanos() * 3);

        assertSame(first, probe.answers());
        assertEquals(1, questions.size());
    }

    @Test
    void aYesIsReusedForASecondThenTheBrokerIsAskedAgain() {
        probe.answers();
        questions.get(0).complete(true);
        clock.addAndGet(BrokerProbe.FRESH_FOR.toNanos() - 1);
        assertTrue(probe.answers().join());
        assertEquals(1, questions.size());

        clock.addAndGet(1);
        probe.answers();
        assertEquals(2, questions.size());
    }

    @Test
    void aNoIsAskedAgainAtTheNextCall() {
        probe.answers();
        questions.get(0).complete(false);

        CompletableFuture<Boolean> next = probe.answers();

        assertEquals(2, questions.size());
        next.complete(true);
        assertTrue(probe.answers().join());
        assertEquals(2, questions.size());
    }
}
