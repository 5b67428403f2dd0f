package babynames.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.health.HealthStatus;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class BackgroundLoopsTest {
    private final BackgroundLoops loops = new BackgroundLoops();
    private final BackgroundLoopsLivenessIndicator liveness = new BackgroundLoopsLivenessIndicator(loops);

    @Test
    void aLoopThatDiesTurnsLivenessDownAndNamesIt() {
        loops.start("healthy", () -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        loops.start("poll-loop", () -> {
            throw new IllegalStateException("no current assignment");
        });

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
        BackgroundLoops.Loop stopped = loops.start("stopped", () -> await(release));
        loops.start("returned", () -> {});

        stopped.stop(release::countDown, Duration.ofSeconds(10));
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> liveness.result().getStatus() == HealthStatus.DOWN);
        assertEquals(
                Map.of("dead", Map.of("returned", "returned without being stopped")),
                liveness.result().getDetails());
    }

    @Test
    void livenessIsUpWhileEveryLoopRuns() {
        loops.start("running", () -> await(new CountDownLatch(1)));

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
