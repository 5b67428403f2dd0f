package babynames.systemtests;

import babynames.embedded.FreePorts;
import babynames.localstack.JitMode;
import babynames.localstack.ServiceStack;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * {@code java -jar local-stack.jar} as a user runs it (what {@code ./run-local.sh} ends with), in a
 * data directory of its own, with its broker, database and services moved to free ports. Its
 * console goes to a file beside the data directory ({@link #consoleLog()}); the launcher's own lines (the
 * {@code [local-stack]} ones: ready, restarts, stops) are kept for the test to read as well. The
 * services' lines are not echoed to the test's output: at a few thousand a second under load,
 * piping them through two more JVMs took enough CPU to slow the system under test.
 */
final class LocalStackProcess implements AutoCloseable {
    private final Process process;
    private final Path dataDir;
    private final int portOffset;
    private final String kafkaBootstrapServers;
    private final List<String> console = new CopyOnWriteArrayList<>();

    private LocalStackProcess(Process process, Path dataDir, int portOffset, String kafkaBootstrapServers) {
        this.process = process;
        this.dataDir = dataDir;
        this.portOffset = portOffset;
        this.kafkaBootstrapServers = kafkaBootstrapServers;
    }

    /** Starts the local stack with {@code args}, its services on free ports, and waits for its "Ready" line. */
    static LocalStackProcess start(Path dataDir, List<String> args) {
        return start(dataDir, Map.of(), args);
    }

    /** The same, with {@code moreEnv} added to its environment. */
    static LocalStackProcess start(Path dataDir, Map<String, String> moreEnv, List<String> args) {
        return start(thisJdk(), dataDir, moreEnv, args);
    }

    /** The same, run by the JDK in {@code javaHome} (its services then run on it too). */
    static LocalStackProcess start(Path javaHome, Path dataDir, Map<String, String> moreEnv, List<String> args) {
        return ready(launch(javaHome, dataDir, moreEnv, args, freePortOffset(), FreePorts.next(2)));
    }

    /**
     * The same, with everything on its usual port when all of them are free: the services on
     * 8080-8083, Kafka on 9092, PostgreSQL on 5432 (what the labs' commands name).
     */
    static LocalStackProcess startOnUsualPortsIfFree(Path dataDir, Map<String, String> moreEnv, List<String> args) {
        List<Integer> usualBacking = List.of(9092, 5432);
        return allFree(0) && free(usualBacking)
                ? ready(launch(thisJdk(), dataDir, moreEnv, args, 0, usualBacking))
                : start(dataDir, moreEnv, args);
    }

    /** The JDK that runs the tests. */
    static Path thisJdk() {
        return Path.of(System.getProperty("java.home"));
    }

    /** {@code stack} once it says it is ready; stopped, and the failure thrown, if it does not. */
    private static LocalStackProcess ready(LocalStackProcess stack) {
        try {
            stack.awaitConsole("Ready in", Duration.ofMinutes(3));
        } catch (RuntimeException e) {
            try {
                stack.close(); // SIGTERM, so that it stops its services too
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
        return stack;
    }

    /**
     * Starts the local stack as {@link #start(Path, Map, List)} does and waits for it to exit on its
     * own, for the starts that must fail: the exit code, with {@link #console()} holding what it said.
     */
    static LocalStackProcess runUntilExit(Path javaHome, Path dataDir, Map<String, String> moreEnv, Duration timeout)
            throws InterruptedException {
        LocalStackProcess stack = launch(javaHome, dataDir, moreEnv, List.of(), freePortOffset(), FreePorts.next(2));
        if (!stack.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            stack.close();
            throw new IllegalStateException("The local stack was still running after " + timeout);
        }
        return stack;
    }

    int exitCode() {
        return process.exitValue();
    }

    private static LocalStackProcess launch(
            Path javaHome,
            Path dataDir,
            Map<String, String> moreEnv,
            List<String> args,
            int offset,
            List<Integer> backing) {
        Path repo = ServiceStack.findRepoRoot();
        List<String> command = new ArrayList<>(List.of(
                javaHome.resolve("bin").resolve("java").toString(),
                "-jar",
                repo.resolve("local-stack/target/local-stack.jar").toString(),
                "--data",
                dataDir.toString()));
        command.addAll(args);
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("KAFKA_") || name.startsWith("DB_"));
        env.remove(JitMode.SETTING); // the default unless a test asks: the labs measure what users get
        env.put("LOCAL_KAFKA_PORT", String.valueOf(backing.get(0)));
        env.put("LOCAL_DB_PORT", String.valueOf(backing.get(1)));
        env.put("LOCAL_PORT_OFFSET", String.valueOf(offset));
        env.putAll(moreEnv);
        try {
            LocalStackProcess stack =
                    new LocalStackProcess(builder.start(), dataDir, offset, "localhost:" + backing.get(0));
            stack.pumpConsole();
            return stack;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL of replica 1 of a service, on the port the stack moved it to. */
    String url(ServiceStack.Service service) {
        return "http://localhost:" + (service.defaultPort() + portOffset);
    }

    /** One line of the process table. */
    record Listed(long pid, int port) {}

    boolean onUsualPorts() {
        return portOffset == 0;
    }

    String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    Path dataDir() {
        return dataDir;
    }

    /** The process table the stack keeps, by process name. */
    Map<String, Listed> processes() {
        try {
            Map<String, Listed> table = new LinkedHashMap<>();
            List<String> lines = Files.readAllLines(dataDir.resolve("processes"));
            for (String line : lines.subList(1, lines.size())) {
                String[] columns = line.trim().split("\\s+");
                table.put(columns[0], new Listed(Long.parseLong(columns[1]), Integer.parseInt(columns[2])));
            }
            return table;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid(String name) {
        try {
            return Long.parseLong(
                    Files.readString(dataDir.resolve("pids").resolve(name)).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> console() {
        return List.copyOf(console);
    }

    String awaitConsole(String text, Duration timeout) {
        Awaitility.await()
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .failFast("the local stack exited", () -> !process.isAlive())
                .until(() -> console.stream().anyMatch(line -> line.contains(text)));
        return console.stream().filter(line -> line.contains(text)).findFirst().orElseThrow();
    }

    /** Ctrl-C: SIGTERM, which stops the services, the broker and the database; the exit code. */
    int stop(Duration timeout) throws InterruptedException {
        process.toHandle().destroy(); // not Process.destroy(), which closes the pipe of the console too
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("The local stack did not stop within " + timeout);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop(Duration.ofMinutes(1));
        }
    }

    /** Beside the data directory, which --fresh wipes. */
    Path consoleLog() {
        return dataDir.resolveSibling(dataDir.getFileName() + "-console.log");
    }

    private void pumpConsole() {
        Thread pump = new Thread(
                () -> {
                    try (var reader = new BufferedReader(
                                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                            var log = Files.newBufferedWriter(consoleLog())) {
                        String line;
                        while ((line = reader.readLine()) != null) {
                            log.write(line);
                            log.newLine();
                            // Service lines start with "[name]"; the launcher's, and the
                            // continuation lines of its messages, do not.
                            if (line.startsWith("[local-stack]") || !line.startsWith("[")) {
                                console.add(line);
                                System.out.println(line);
                            }
                        }
                    } catch (IOException e) {
                        // The stack is gone; so is its console.
                    }
                },
                "local-stack-console");
        pump.setDaemon(true);
        pump.start();
    }

    /** An offset that frees the ports of up to five replicas of every service (8080-8483 moved). */
    private static int freePortOffset() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int offset = 1000 * ThreadLocalRandom.current().nextInt(10, 40);
            if (allFree(offset)) {
                return offset;
            }
        }
        throw new IllegalStateException("No free range of ports for the local stack");
    }

    private static boolean allFree(int offset) {
        List<Integer> ports = new ArrayList<>();
        for (int replica = 0; replica < 5; replica++) {
            for (int port = 8080; port <= 8083; port++) {
                ports.add(port + 100 * replica + offset);
            }
        }
        return free(ports);
    }

    private static boolean free(List<Integer> ports) {
        Map<Integer, ServerSocket> held = new HashMap<>();
        try {
            for (int port : ports) {
                held.put(port, new ServerSocket(port));
            }
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            for (ServerSocket socket : held.values()) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // Closing a socket just opened does not fail in practice.
                }
            }
        }
    }
}
