package babynames.localstack;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where the services' log lines go: the console, as they come, and one file per process in
 * {@code <data>/logs/<name>.log} (what a platform keeps of a process's stdout), so that
 * {@code grep <correlation id> .local-stack/logs/*.log} finds a request in every service.
 * Lines arrive as {@code [name] line}.
 */
final class ServiceLogs implements Consumer<String>, AutoCloseable {
    private final Path dir;
    private final Map<String, BufferedWriter> files = new HashMap<>();

    ServiceLogs(Path dataDir) {
        this.dir = dataDir.resolve("logs");
    }

    @Override
    public synchronized void accept(String line) {
        System.out.println(line);
        int end = line.indexOf("] ");
        if (!line.startsWith("[") || end < 0) {
            return;
        }
        String name = line.substring(1, end);
        try {
            BufferedWriter file = files.get(name);
            if (file == null) {
                Files.createDirectories(dir);
                file = Files.newBufferedWriter(
                        dir.resolve(name + ".log"),
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                files.put(name, file);
            }
            file.write(line, end + 2, line.length() - end - 2);
            file.newLine();
            file.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the log of " + name, e);
        }
    }

    @Override
    public synchronized void close() {
        for (BufferedWriter file : files.values()) {
            try {
                file.close();
            } catch (IOException e) {
                // Closing at exit: the lines written so far are on disk already (flushed per line).
            }
        }
        files.clear();
    }
}
