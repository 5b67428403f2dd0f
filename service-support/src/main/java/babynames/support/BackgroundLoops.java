package babynames.support;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's background loops (a consumer's poll loop, an outbox relay), each on a thread of its
 * own and watched. A loop that dies of something it did not handle, or returns before it was told
 * to stop, is logged at ERROR and turns liveness DOWN ({@link BackgroundLoopsLivenessIndicator}),
 * so an orchestrator restarts the process rather than keeping one that answers UP and does
 * nothing.
 */
@Singleton
public final class BackgroundLoops {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundLoops.class);

    private final List<Loop> loops = new CopyOnWriteArrayList<>();

    /** Starts {@code body} on a thread named {@code name}; it should run until its owner stops it. */
    public Loop start(String name, Runnable body) {
        Loop loop = new Loop(name, body);
        loops.add(loop);
        loop.thread.start();
        return loop;
    }

    /** The loops that have died (or ended unasked), with what ended them. */
    public List<Loop> dead() {
        return loops.stream().filter(Loop::dead).toList();
    }

    /** One watched loop. */
    public static final class Loop {
        private final String name;
        private final Thread thread;
        private volatile boolean stopping;
        private volatile String ending;

        private Loop(String name, Runnable body) {
            this.name = name;
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

        /**
         * Marks the loop as stopping (its return is then expected), runs {@code signal} (what tells
         * the loop's body to end), and waits up to {@code timeout} for it to end.
         */
        public void stop(Runnable signal, Duration timeout) throws InterruptedException {
            stopping = true;
            signal.run();
            thread.join(timeout.toMillis());
        }
    }
}
