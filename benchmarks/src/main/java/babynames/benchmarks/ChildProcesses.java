package babynames.benchmarks;

import babynames.embedded.EmbeddedPostgres;
import babynames.embedded.ScratchDirectory;
import babynames.localstack.ServiceProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The baselines and load generators a benchmark runs as processes of their own. */
final class ChildProcesses {
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final List<EmbeddedPostgres> POSTGRES = new CopyOnWriteArrayList<>();
    private static final List<ScratchDirectory> SCRATCH = new CopyOnWriteArrayList<>();

    private ChildProcesses() {}

    /**
     * Starts an embedded PostgreSQL that {@link #stopAll()} stops after the processes using it,
     * rather than zonky's own shutdown hook: hooks run all at once, so that one's {@code pg_ctl
     * stop} raced the services' shutdown and could itself be caught by {@code stopAll}'s SIGTERM
     * while it was still being spawned, leaving the server running after the suite had gone.
     */
    static EmbeddedPostgres startPostgres(String name) {
        EmbeddedPostgres postgres = EmbeddedPostgres.start(scratchDirectory(name), 0, false);
        POSTGRES.add(postgres);
        return postgres;
    }

    /**
     * Stops every process this JVM started and that is still running (the services, load
     * generators, baselines): SIGTERM to all, up to 20 s for them to finish, then SIGKILL; then
     * the PostgreSQL servers of {@link #startPostgres}, which are not children of this JVM
     * ({@code pg_ctl} starts them). The suite runs it when it is interrupted, as a shutdown hook:
     * on SIGTERM or Ctrl-C a JVM runs its hooks but not the {@code finally} blocks that would have
     * closed them, and its main thread goes on meanwhile. So services may no longer start once it
     * begins, and it looks again until no child has appeared for a second (a load generator the
     * main thread was starting). Closing a server twice is harmless.
     */
    static void stopAll() {
        ServiceProcess.refuseNewProcesses();
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        int quietLooks = 0;
        while (quietLooks < 2 && System.nanoTime() < deadline + STOP_GRACE.toNanos()) {
            List<ProcessHandle> running = ProcessHandle.current().descendants().toList();
            if (running.isEmpty()) {
                quietLooks++;
                pause();
            } else {
                quietLooks = 0;
                stop(running, deadline);
            }
        }
        // The main thread may have begun closing a server already (its try-with-resources, once a
        // service refused to start), and its pg_ctl may be among the children stopped above.
        POSTGRES.forEach(EmbeddedPostgres::close);
        for (ScratchDirectory directory : SCRATCH) {
            try {
                directory.close();
            } catch (RuntimeException e) {
                System.err.println("[bench] " + e.getMessage());
            }
        }
    }

    /**
     * A new folder for what the processes write (a database's files, class data, a load
     * generator's report), deleted by {@link #stopAll()} once they have all stopped: a full run
     * writes hundreds of megabytes.
     */
    static Path scratchDirectory(String prefix) {
        ScratchDirectory directory = ScratchDirectory.create(prefix);
        SCRATCH.add(directory);
        return directory.path();
    }

    /** SIGTERM to each, then SIGKILL to those still running at {@code deadline}. */
    private static void stop(List<ProcessHandle> running, long deadline) {
        running.forEach(ProcessHandle::destroy);
        for (ProcessHandle process : running) {
            try {
                process.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(500); // between two looks for children, in a shutdown hook
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code java [jvmFlags] -cp <this JVM's classpath> mainClass [args]}, with this JVM's java. */
    static List<String> java(List<String> jvmFlags, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        return command;
    }

    /**
     * Runs the command to its end and returns the number in group 1 of the last match of
     * {@code figure} in its output (stdout and stderr); fails with the output when {@code what}
     * fails or prints no such figure.
     */
    static double lastFigure(String what, List<String> command, Pattern figure) throws Exception {
        return lastFigure(what, output(what, command), figure);
    }

    /** Runs the command to its end and returns its output (stdout and stderr); fails with it when {@code what} fails. */
    static String output(String what, List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            reader.lines().forEach(line -> output.append(line).append('\n'));
        }
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(what + " failed (exit " + exit + "):\n" + output);
        }
        return output.toString();
    }

    /** The number in group 1 of the last match of {@code figure} in {@code output}; fails with the output when there is none. */
    static double lastFigure(String what, String output, Pattern figure) {
        Matcher matcher = figure.matcher(output);
        String last = null;
        while (matcher.find()) {
            last = matcher.group(1);
        }
        if (last == null) {
            throw new IllegalStateException(what + " printed no figure:\n" + output);
        }
        return Double.parseDouble(last);
    }
}
