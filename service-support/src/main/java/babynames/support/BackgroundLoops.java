package babynames.support;

import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's background loops (a consumer's poll loop, an outbox relay), each on a thread of its
 * own and watched. A loop that dies of something it did not handle, or returns before it was told
 * to stop, is logged at ERROR and turns liveness DOWN ({@link BackgroundLoopsLivenessIndicator}),
 * so an orchestrator restarts the process rather than keeping one that answers UP and does
 * nothing.
 *
 * <p>Micronaut's graceful shutdown (the first thing SIGTERM starts) tells every loop to end at once:
 * their last rounds (a batch being committed, a database that does not answer) then overlap with
 * each other and with the HTTP server's own graceful shutdown, instead of adding up as each
 * owner's {@code @PreDestroy} stops its own loop in turn.
 */
@Singleton
public final class BackgroundLoops implements GracefulShutdownCapable {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundLoops.class);

    private final List<Loop> loops = new CopyOnWriteArrayList<>();

    /**
     * Starts {@code body} on a thread named {@code name}; it should run until {@code stopSignal}
     * (which must return at once, and may run more than once) tells it to end.
     */
    public Loop start(String name, Runnable body, Runnable stopSignal) {
        Loop loop = new Loop(name, body, stopSignal);
        loops.add(loop);
        loop.thread.start();
        return loop;
    }

    /** Tells every loop to end; completes when all have. */
    @Override
    public CompletionStage<?> shutdownGracefully() {
        loops.forEach(Loop::signalStop);
        return CompletableFuture.allOf(loops.stream().map(loop -> loop.ended).toArray(CompletableFuture[]::new));
    }

    @Override
    public OptionalLong reportActiveTasks() {
        return OptionalLong.of(
                loops.stream().filter(loop -> !loop.ended.isDone()).count());
    }

    /** The loops that have died (or ended unasked), with what ended them. */
    public List<Loop> dead() {
        return loops.stream().filter(Loop::dead).toList();
    }

    /** One watched loop. */
    public static final class Loop {
        private final String name;
        private final Thread thread;
        private final Runnable stopSignal;
        private final CompletableFuture<Void> ended = new CompletableFuture<>();
        private volatile boolean stopping;
        private volatile String ending;

        private Loop(String name, Runnable body, Runnable stopSignal) {
            this.name = name;
            this.stopSignal = stopSignal;
            this.thread = new Thread(() -> run(body), name);
            // The service's lifecycle (its @PreDestroy methods) stops the loop, not the JVM's exit rules.
            this.thread.setDaemon(true);
        }

        private void run(Runnable body) {
            try {
                body.run();
                if (!stopping) {
                    ending = "returned without being stopped";
                    LOG.error("Background loop {} ended without being stopped; liveness is DOWN", name);
                }
            } catch (Throwable e) {
                ending = e.toString();
                LOG.error("Background loop {} died; liveness is DOWN", name, e);
            } finally {
                ended.complete(null);
            }
        }

        public String name() {
            return name;
        }

        /** What ended the loop, when it ended unasked; null while it runs or after a stop. */
        public String ending() {
            return ending;
        }

        boolean dead() {
            return ending != null;
        }

        /** Marks the loop as stopping (its return is then expected) and tells its body to end. */
        void signalStop() {
            stopping = true;
            stopSignal.run();
        }

        /** Tells the loop to end, and waits up to {@code timeout} for it to end. */
        public void stop(Duration timeout) throws InterruptedException {
            signalStop();
            thread.join(timeout.toMillis());
        }
    }
}
