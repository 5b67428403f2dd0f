package babynames.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.micronaut.health.HealthStatus;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class BackgroundLoopsTest {
    private final BackgroundLoops loops = new BackgroundLoops();
    private final BackgroundLoopsLivenessIndicator liveness = new BackgroundLoopsLivenessIndicator(loops);

    @Test
    void aLoopThatDiesTurnsLivenessDownAndNamesIt() {
        loops.start("healthy", () -> await(new CountDownLatch(1)), () -> {});
        loops.start(
                "poll-loop",
                () -> {
                    throw new IllegalStateException("no current assignment");
                },
                () -> {});

        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> liveness.result().getStatus() == HealthStatus.DOWN);
        assertEquals(
                Map.of("dead", Map.of("poll-loop", "java.lang.IllegalStateException: no current assignment")),
                liveness.result().getDetails());
    }

    @Test
    void aLoopThatReturnsUnaskedIsDeadButOneThatWasStoppedIsNot() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BackgroundLoops.Loop stopped = loops.start("stopped", () -> await(release), release::countDown);
        loops.start("returned", () -> {}, () -> {});

        stopped.stop(Duration.ofSeconds(10));
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> liveness.result().getStatus() == HealthStatus.DOWN);
        assertEquals(
                Map.of("dead", Map.of("returned", "returned without being stopped")),
                liveness.result().getDetails());
    }

    @Test
    void livenessIsUpWhileEveryLoopRuns() {
        loops.start("running", () -> await(new CountDownLatch(1)), () -> {});

        assertEquals(HealthStatus.UP, liveness.result().getStatus());
    }

    @Test
    void aGracefulShutdownTellsEveryLoopToEndAtOnceAndCompletesWhenAllHave() throws Exception {
        CountDownLatch relay = new CountDownLatch(1);
        CountDownLatch listener = new CountDownLatch(1);
        CountDownLatch lastRound = new CountDownLatch(1);
        loops.start("outbox-relay", () -> await(relay), relay::countDown);
        loops.start(
                "registration-listener",
                () -> {
                    await(listener);
                    await(lastRound); // the batch in hand, being committed
                },
                listener::countDown);

        CompletableFuture<?> shutdown = loops.shutdownGracefully().toCompletableFuture();

        // Both were told at once, before either owner asked: a stop then has nothing left to wait for.
        assertEquals(0, relay.getCount() + listener.getCount());
        // The relay's thread ends on its own time; the listener's cannot before its last round.
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> loops.reportActiveTasks().equals(OptionalLong.of(1)));
        assertFalse(shutdown.isDone(), "one loop still finishes its last round");
        lastRound.countDown();
        shutdown.get(10, TimeUnit.SECONDS);
        assertEquals(OptionalLong.of(0), loops.reportActiveTasks());
        assertEquals(HealthStatus.UP, liveness.result().getStatus());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
