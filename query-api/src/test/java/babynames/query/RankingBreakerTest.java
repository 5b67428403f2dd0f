package babynames.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class RankingBreakerTest {
    private static final Duration OPEN_FOR = Duration.ofMillis(200);
    private final RankingBreaker breaker = new RankingBreaker(new SimpleMeterRegistry(), 50, 10, OPEN_FOR);

    private void succeed() {
        breaker.call(() -> "ok");
    }

    private void fail(RuntimeException failure) {
        assertThrows(
                failure.getClass(),
                () -> breaker.call(() -> {
                    throw failure;
                }));
    }

    @Test
    void opensWhenHalfTheCallsFailEvenWithNeverTwoFailuresInARow() {
        for (int i = 0; i < 5; i++) {
            succeed();
            fail(new IllegalStateException("timeout"));
        }

        assertEquals(RankingBreaker.State.OPEN, breaker.state());
        assertThrows(CallNotPermittedException.class, this::succeed);
    }

    @Test
    void anyExceptionInTheTrialOpensItAgainAndALaterTrialCanCloseIt() {
        for (int i = 0; i < 10; i++) {
            fail(new IllegalStateException("down"));
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
            try {
                breaker.call(() -> {
                    throw new ArithmeticException("not an HTTP failure");
                });
            } catch (CallNotPermittedException stillOpen) {
                return false;
            } catch (ArithmeticException trialFailed) {
                return true;
            }
            return false;
        });
        assertEquals(RankingBreaker.State.OPEN, breaker.state(), "a failed trial opens it again, not wedged");

        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .ignoreException(CallNotPermittedException.class)
                .until(() -> {
                    succeed();
                    return true;
                });
        assertEquals(RankingBreaker.State.CLOSED, breaker.state());
    }

    @Test
    void aSlowSuccessThatStartedBeforeItOpenedDoesNotCloseIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> breaker.call(() -> {
            started.countDown();
            await(finish);
            return "late";
        }));
        started.await();
        for (int i = 0; i < 10; i++) {
            fail(new IllegalStateException("down"));
        }
        assertEquals(RankingBreaker.State.OPEN, breaker.state());

        finish.countDown();
        assertEquals("late", slow.get());

        assertEquals(RankingBreaker.State.OPEN, breaker.state());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
