package babynames.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * The processes the local stack runs right now, in its data directory, for people and scripts:
 * {@code processes} lists name, pid and port of every replica, and {@code pids/<name>} holds one
 * pid, so a lab can {@code kill -9 $(cat .local-stack/pids/ranking-service-2)}. Rewritten whenever
 * a process starts; removed when the stack stops.
 */
final class ProcessTable {
    /** One running replica as listed. */
    record Entry(long pid, int port) {}

    private final Path table;
    private final Path pids;
    private final Map<String, Entry> entries = new TreeMap<>();

    ProcessTable(Path dataDir) {
        this.table = dataDir.resolve("processes");
        this.pids = dataDir.resolve("pids");
    }

    synchronized void put(String name, long pid, int port) {
        entries.put(name, new Entry(pid, port));
        try {
            Files.createDirectories(pids);
            writeAtomically(pids.resolve(name), pid + "\n");
            StringBuilder text = new StringBuilder(String.format("%-24s %8s %6s%n", "NAME", "PID", "PORT"));
            entries.forEach((n, e) -> text.append(String.format("%-24s %8d %6d%n", n, e.pid(), e.port())));
            writeAtomically(table, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the process table in " + table.getParent(), e);
        }
    }

    synchronized void clear() {
        try {
            for (String name : entries.keySet()) {
                Files.deleteIfExists(pids.resolve(name));
            }
            Files.deleteIfExists(table);
            entries.clear();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, text);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
