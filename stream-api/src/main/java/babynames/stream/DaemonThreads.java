package babynames.stream;

import java.util.concurrent.ThreadFactory;

/** Threads of the stream's own pools: named, and never keeping the process alive. */
final class DaemonThreads {
    private DaemonThreads() {}

    static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
