package babynames.systemtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code docker compose} project of the repository's compose file (with override files), under a
 * name of its own, driven through the CLI as a user drives it: Compose v2 ({@code docker compose})
 * where the plugin is there, otherwise v1 ({@code docker-compose}, Debian's package).
 */
final class ComposeProject {
    private static final Pattern MEMORY = Pattern.compile("([0-9.]+)\\s*([KMG]i?B|B)");

    /** What {@code docker inspect} says of one container of the project. */
    record Container(String id, String service, String health, boolean oomKilled, int restarts) {}

    private final List<String> compose;
    private final Path envFile;

    private ComposeProject(List<String> command, List<String> files, Path envFile, String name) {
        this.envFile = envFile;
        this.compose = new ArrayList<>(command);
        compose.addAll(List.of("--env-file", envFile.toString(), "-p", name));
        for (String file : files) {
            compose.addAll(List.of("-f", file));
        }
    }

    /** A project of {@code files} (relative to the repository) with passwords of its own. */
    static ComposeProject of(List<String> files) throws IOException {
        List<String> command = succeeds(List.of("docker", "compose", "version"))
                ? List.of("docker", "compose")
                : List.of("docker-compose");
        Path envFile = Files.createTempFile("compose-test", ".env");
        Files.writeString(
                envFile,
                "POSTGRES_PASSWORD=" + UUID.randomUUID() + "\nGRAFANA_ADMIN_PASSWORD=" + UUID.randomUUID() + "\n");
        String name = "babynames-it-" + UUID.randomUUID().toString().substring(0, 8);
        return new ComposeProject(command, files, envFile, name);
    }

    /** Starts {@code services} detached; Compose waits for each dependency's healthcheck first. */
    void up(List<String> services) throws Exception {
        List<String> args = new ArrayList<>(List.of("up", "-d"));
        args.addAll(services);
        compose(args, 600);
    }

    /** Stops and removes the containers, the network and the volumes. */
    void down() throws Exception {
        try {
            compose(List.of("down", "-v", "--remove-orphans"), 180);
        } finally {
            Files.deleteIfExists(envFile);
        }
    }

    String logs(int lines) throws Exception {
        return compose(List.of("logs", "--no-color", "--tail", String.valueOf(lines)), 60);
    }

    List<Container> containers() throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "docker",
                "inspect",
                "--format",
                "{{.Id}} {{index .Config.Labels \"com.docker.compose.service\"}} "
                        + "{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}} "
                        + "{{.State.OOMKilled}} {{.RestartCount}}"));
        args.addAll(containerIds());
        List<Container> containers = new ArrayList<>();
        for (String line : run(args, 60).strip().split("\n")) {
            String[] fields = line.strip().split(" ");
            containers.add(new Container(
                    fields[0], fields[1], fields[2], Boolean.parseBoolean(fields[3]), Integer.parseInt(fields[4])));
        }
        return containers;
    }

    /** Memory in use per service, in bytes, as {@code docker stats} reports it (page cache left out). */
    Map<String, Long> memoryInUse() throws Exception {
        Map<String, String> serviceById = new HashMap<>();
        for (Container container : containers()) {
            serviceById.put(container.id().substring(0, 12), container.service());
        }
        List<String> args =
                new ArrayList<>(List.of("docker", "stats", "--no-stream", "--format", "{{.ID}} {{.MemUsage}}"));
        args.addAll(serviceById.keySet());
        Map<String, Long> memory = new HashMap<>();
        for (String line : run(args, 60).strip().split("\n")) {
            String[] idAndUsage = line.strip().split(" ", 2);
            Matcher used = MEMORY.matcher(idAndUsage[1]);
            if (!used.find()) {
                throw new IllegalStateException("docker stats: " + line);
            }
            memory.put(serviceById.get(idAndUsage[0].substring(0, 12)), bytes(used.group(1), used.group(2)));
        }
        return memory;
    }

    /** Whether {@code command} succeeds inside the container (docker exec). */
    boolean succeedsIn(Container container, String... command) {
        List<String> args = new ArrayList<>(List.of("docker", "exec", container.id()));
        args.addAll(List.of(command));
        return succeeds(args);
    }

    static boolean hasImage(String image) {
        return succeeds(List.of("docker", "image", "inspect", image));
    }

    private List<String> containerIds() throws Exception {
        return List.of(compose(List.of("ps", "-q"), 60).strip().split("\\s+"));
    }

    private String compose(List<String> args, int timeoutSeconds) throws Exception {
        List<String> command = new ArrayList<>(compose);
        command.addAll(args);
        return run(command, timeoutSeconds);
    }

    static long bytes(String number, String unit) {
        double value = Double.parseDouble(number);
        long scale = switch (unit) {
            case "B" -> 1;
            case "KiB" -> 1024;
            case "MiB" -> 1024 * 1024;
            case "GiB" -> 1024 * 1024 * 1024;
            case "KB" -> 1000;
            case "MB" -> 1000 * 1000;
            case "GB" -> 1000 * 1000 * 1000;
            default -> throw new IllegalArgumentException(unit);
        };
        return Math.round(value * scale);
    }

    private static boolean succeeds(List<String> command) {
        try {
            run(command, 60);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Runs a command in the repository, its output (stdout and stderr) returned or in the exception. */
    private static String run(List<String> command, int timeoutSeconds) throws Exception {
        return ExternalCommand.of(OpsFiles.ROOT, command)
                .withTimeout(Duration.ofSeconds(timeoutSeconds))
                .run()
                .outputIfSucceeded();
    }
}
