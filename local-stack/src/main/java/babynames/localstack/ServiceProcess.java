package babynames.localstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;
import java.util.function.Predicate;

/**
 * One service running as its own JVM process from its jar, the way it runs in production: its
 * configuration in environment variables, its log lines handed to a sink with its name in front.
 * Used by the local stack and by the system tests, which stop, kill and restart these processes.
 */
public final class ServiceProcess implements AutoCloseable {
    /** How long {@link #close} waits for a clean exit after SIGTERM before it sends SIGKILL. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** Where a service serves {@code /health} and {@code /prometheus}, when not on {@code PORT}. */
    public static final String MANAGEMENT_PORT = "MANAGEMENT_PORT";

    /** Held (shared) while a process starts, so that {@link #refuseNewProcesses} sees every one. */
    private static final ReentrantReadWriteLock STARTS = new ReentrantReadWriteLock();

    private static boolean refusingNewProcesses;

    private final String name;
    private final int port;
    private final int managementPort;
    private final Process process;
    private final boolean trainsClassData;

    private ServiceProcess(String name, int port, int managementPort, Process process, boolean trainsClassData) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
        this.trainsClassData = trainsClassData;
    }

    /**
     * Starts {@code java -jar jar args...} as {@code jvm} says, with {@code env} added to this
     * process's environment, and the class data of {@code cache} (used if the jar has an archive
     * for these JVM flags, trained if not). A {@code MANAGEMENT_PORT} is passed on only when
     * {@code env} names one: inherited from the shell, one value would be every service's, and all
     * but the first would fail to bind it.
     */
    public static ServiceProcess start(
            String name,
            Path jar,
            List<String> args,
            Map<String, String> env,
            int port,
            Consumer<String> logSink,
            ClassDataCache cache,
            JvmSettings jvm) {
        List<String> jvmFlags = jvm.flags();
        ClassDataCache.Run classData = cache.forRun(jar, jvmFlags);
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmFlags);
        command.addAll(classData.jvmFlags());
        command.add("-jar");
        command.add(classData.jar().toAbsolutePath().toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove(MANAGEMENT_PORT);
        builder.environment().putAll(jvm.environment());
        builder.environment().putAll(env);
        int managementPort = env.containsKey(MANAGEMENT_PORT) ? Integer.parseInt(env.get(MANAGEMENT_PORT)) : port;
        STARTS.readLock().lock();
        try {
            if (refusingNewProcesses) {
                throw new IllegalStateException("Not starting " + name + ": this JVM is stopping its processes");
            }
            Process process = builder.start();
            process.onExit().thenRun(classData.afterExit());
            pump(name, process, classData::isTrainingNote, logSink);
            return new ServiceProcess(name, port, managementPort, process, classData.trains());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name + " from " + jar, e);
        } finally {
            STARTS.readLock().unlock();
        }
    }

    /**
     * From now on this JVM starts no service process, and when this returns every one it did
     * start is among its descendants: for a shutdown hook that stops them all while the main
     * thread, which goes on until the JVM halts, might be starting another.
     */
    public static void refuseNewProcesses() {
        STARTS.writeLock().lock();
        try {
            refusingNewProcesses = true;
        } finally {
            STARTS.writeLock().unlock();
        }
    }

    /** Runs a one-off command of a service jar (an admin process) to its end; returns its exit code. */
    public static int run(
            String name,
            Path jar,
            List<String> args,
            Map<String, String> env,
            Duration timeout,
            Consumer<String> logSink,
            JvmSettings jvm) {
        ServiceProcess command = start(name, jar, args, env, 0, logSink, ClassDataCache.off(), jvm);
        try {
            if (!command.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                command.kill();
                throw new IllegalStateException(name + " " + args + " did not finish within " + timeout);
            }
            return command.process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            command.kill();
            throw new IllegalStateException(e);
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    /** Where its {@code /health} and {@code /prometheus} answer: {@link #url()} unless it has a management port. */
    public String managementUrl() {
        return "http://localhost:" + managementPort;
    }

    /** Whether this run writes its jar's {@link ClassDataCache} archive as it exits (a few seconds more). */
    public boolean trainsClassData() {
        return trainsClassData;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Completes with the exit code when the process has ended, however it ended. */
    public CompletableFuture<Integer> onExit() {
        return process.onExit().thenApply(Process::exitValue);
    }

    /** Waits until {@code GET /health/readiness} answers 200; fails at once if the process died. */
    public void awaitReady(Duration timeout) {
        awaitOk("/health/readiness", Duration.ofMillis(100), timeout);
    }

    /**
     * Waits until {@code GET path} of its management URL answers 200, asking every {@code pollEvery};
     * fails at once if the process died.
     */
    public void awaitOk(String path, Duration pollEvery, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited with code " + process.exitValue() + " before it was ready");
            }
            if (answersOk(path)) {
                return;
            }
            try {
                Thread.sleep(pollEvery.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(name + " was not ready within " + timeout);
    }

    public boolean isReady() {
        return answersOk("/health/readiness");
    }

    private boolean answersOk(String path) {
        try {
            HttpResponse<Void> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(managementUrl() + path))
                            .timeout(Duration.ofSeconds(3))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * SIGTERM, then up to {@code grace} for a clean exit, then SIGKILL. Returns the exit code.
     */
    public int stop(Duration grace) {
        signalStop();
        return awaitExit(grace);
    }

    /**
     * SIGTERM, without waiting: the caller may signal several processes and then wait for them
     * ({@link #awaitExit}), so that they shut down side by side. The signal goes through the
     * process handle: {@code Process.destroy()} also closes the pipe of the output, and everything
     * the service logs while it shuts down would be lost.
     */
    public void signalStop() {
        process.toHandle().destroy();
    }

    /**
     * SIGTERM to each of {@code processes} that runs, in the order given, then waits for all of them
     * as they shut down side by side (SIGKILL after {@link #STOP_GRACE}), telling {@code stopped}
     * each one's exit code as it is known.
     */
    public static void stopSideBySide(List<ServiceProcess> processes, ObjIntConsumer<ServiceProcess> stopped) {
        List<ServiceProcess> stopping =
                processes.stream().filter(ServiceProcess::isAlive).toList();
        stopping.forEach(ServiceProcess::signalStop);
        stopping.forEach(process -> stopped.accept(process, process.awaitExit(STOP_GRACE)));
    }

    /** Up to {@code grace} for the process to exit, then SIGKILL. Returns the exit code (137 if killed). */
    public int awaitExit(Duration grace) {
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or committed. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop(STOP_GRACE);
        }
    }

    /** Relays the process's output but the lines {@code leftOut} picks, prefixed with its name. */
    private static void pump(String name, Process process, Predicate<String> leftOut, Consumer<String> logSink) {
        Thread pump = new Thread(
                () -> {
                    try (var reader = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = reader.readLine()) != null) {
                            if (!leftOut.test(line)) {
                                logSink.accept("[" + name + "] " + line);
                            }
                        }
                    } catch (IOException e) {
                        // The process is gone; so is its output.
                    }
                },
                name + "-log");
        pump.setDaemon(true);
        pump.start();
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
