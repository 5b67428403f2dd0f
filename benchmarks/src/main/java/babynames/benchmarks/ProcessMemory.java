package babynames.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's resident memory, from /proc (Linux). */
final class ProcessMemory {
    private ProcessMemory() {}

    /** VmRSS in MiB; -1 where it cannot be read (not Linux, or the process is gone). */
    static long rssMiB(long pid) {
        return statusMiB(pid, "VmRSS:");
    }

    /** VmHWM, the most the process has had resident since it started, in MiB; -1 where unknown. */
    static long peakRssMiB(long pid) {
        return statusMiB(pid, "VmHWM:");
    }

    private static long statusMiB(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
