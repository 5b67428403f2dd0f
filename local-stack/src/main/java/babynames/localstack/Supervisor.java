package babynames.localstack;

import babynames.localstack.ServiceStack.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the replicas of every service and keeps them running, as an orchestrator does: a replica
 * that exits (crashed, killed with -9, out of memory) is started again on its own port after a
 * {@link RestartBackoff}, and the console says so. The running processes are listed in a
 * {@link ProcessTable}.
 */
final class Supervisor implements AutoCloseable {
    private static final Duration READY_WITHIN = Duration.ofMinutes(3);

    /** Replica {@code number} (from 1) of a service, on its own port. */
    record Replica(Service service, int number, int port) {
        String name() {
            return service.artifact() + "-" + number;
        }
    }

    private final ServiceStack stack;
    private final Map<String, String> env;
    private final ProcessTable table;
    private final Consumer<String> console;
    private final Map<Replica, ServiceProcess> running = new ConcurrentHashMap<>();
    private final Map<Replica, RestartBackoff> backoffs = new ConcurrentHashMap<>();
    private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(daemon("restarts"));
    private final ExecutorService readinessWatches = Executors.newCachedThreadPool(daemon("readiness"));
    private volatile boolean stopping;

    /** {@code env} is added to every replica's usual environment (see {@link ServiceStack#env}). */
    Supervisor(ServiceStack stack, Map<String, String> env, ProcessTable table, Consumer<String> console) {
        this.stack = stack;
        this.env = Map.copyOf(env);
        this.table = table;
        this.console = console;
    }

    /**
     * The replicas for {@code counts} (services not named run once): replica n of a service
     * listens on the service's port + 100 * (n - 1).
     */
    static List<Replica> replicas(Map<Service, Integer> counts, Map<Service, Integer> firstPorts) {
        List<Replica> replicas = new ArrayList<>();
        for (Service service : Service.values()) {
            for (int n = 1; n <= counts.getOrDefault(service, 1); n++) {
                replicas.add(new Replica(service, n, firstPorts.get(service) + 100 * (n - 1)));
            }
        }
        return replicas;
    }

    void startAll(List<Replica> replicas) {
        replicas.forEach(this::start);
    }

    /** Waits until every replica is ready; fails if one exits before. */
    void awaitAllReady(Duration timeout) {
        running.values().forEach(process -> process.awaitReady(timeout));
    }

    private synchronized void start(Replica replica) {
        if (stopping) {
            return;
        }
        ServiceProcess process = stack.launch(replica.service(), replica.name(), replica.port(), env);
        long startedAt = System.nanoTime();
        running.put(replica, process);
        table.put(replica.name(), process.pid(), replica.port());
        process.onExit().thenAccept(code -> exited(replica, process, code, startedAt));
    }

    private void exited(Replica replica, ServiceProcess process, int code, long startedAt) {
        if (stopping || running.get(replica) != process) {
            return;
        }
        Duration uptime = Duration.ofNanos(System.nanoTime() - startedAt);
        Duration delay =
                backoffs.computeIfAbsent(replica, r -> new RestartBackoff()).next(uptime);
        say(
                "%s (pid %d) exited with code %d after %d s; starting it again in %d s",
                replica.name(), process.pid(), code, uptime.toSeconds(), delay.toSeconds());
        restarts.schedule(() -> restart(replica), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void restart(Replica replica) {
        start(replica);
        ServiceProcess process = running.get(replica);
        if (stopping || process == null) {
            return;
        }
        long startedAt = System.nanoTime();
        readinessWatches.execute(() -> {
            try {
                process.awaitReady(READY_WITHIN);
                say(
                        "%s is back: pid %d, port %d, ready in %d ms",
                        replica.name(), process.pid(), replica.port(), (System.nanoTime() - startedAt) / 1_000_000);
            } catch (IllegalStateException e) {
                // It exited before it was ready: exited() has scheduled the next attempt already.
                if (!stopping) {
                    say("%s did not come back: %s", replica.name(), e.getMessage());
                }
            }
        });
    }

    private void say(String format, Object... args) {
        console.accept("[local-stack] " + String.format(format, args));
    }

    /**
     * Stops every replica with SIGTERM, told in {@link ServiceStack#STOP_ORDER} (entry point first,
     * ranker last), and waits for them as they shut down side by side; nothing is restarted.
     */
    @Override
    public void close() {
        synchronized (this) {
            stopping = true; // no start() after this one: every process there is, is in running
        }
        restarts.shutdownNow();
        readinessWatches.shutdownNow();
        List<ServiceProcess> processes = new ArrayList<>();
        for (Service service : ServiceStack.STOP_ORDER) {
            running.forEach((replica, process) -> {
                if (replica.service() == service) {
                    processes.add(process);
                }
            });
        }
        long start = System.nanoTime();
        ServiceProcess.stopSideBySide(
                processes,
                (process, code) -> say(
                        "%s stopped (exit code %d) %d ms after the stop began%s",
                        process.name(),
                        code,
                        (System.nanoTime() - start) / 1_000_000,
                        process.trainsClassData() ? ", writing its class data for faster starts" : ""));
        table.clear();
    }

    private static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, "local-stack-" + name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
