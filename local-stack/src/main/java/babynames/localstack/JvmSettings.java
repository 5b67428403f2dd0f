package babynames.localstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a service's JVM runs in the local stack: the serial collector (2 cores), a heap from 64 MiB
 * up to the service's ceiling, {@code jit}'s compilers, and the C heap kept small. Each service
 * is held to 256 MiB of resident memory (SPEC section 7); of that the class data, compiled code
 * and threads take about 130 MiB, so the heap gets the rest (decision 0020).
 *
 * @param maxHeap the heap's ceiling, as {@code -Xmx} takes it ({@code 128m})
 */
public record JvmSettings(String maxHeap, JitMode jit) {
    /** How often the JVM hands the C heap's free pages back to the system (JDK 17.0.9, 21.0.1, 22+). */
    private static final String TRIM_NATIVE_HEAP = "-XX:TrimNativeHeapInterval=5000";

    public JvmSettings {
        if (!maxHeap.matches("[0-9]+[mg]")) {
            throw new IllegalArgumentException("a heap size like 128m, not '" + maxHeap + "'");
        }
    }

    /** The flags, in the order they go on the command line. */
    public List<String> flags() {
        List<String> flags = new ArrayList<>(List.of("-XX:+UseSerialGC", "-Xms64m", "-Xmx" + maxHeap));
        if (canTrimNativeHeap(Runtime.version())) {
            flags.add(TRIM_NATIVE_HEAP);
        }
        flags.add("-XX:+ExitOnOutOfMemoryError");
        flags.addAll(jit.jvmFlags());
        return List.copyOf(flags);
    }

    /**
     * What the process's environment adds: glibc gives each thread that allocates a C-heap arena
     * of its own (up to 8 per core), which keeps what it freed; two arenas hold the same work in
     * less memory. Other C libraries ignore it.
     */
    public Map<String, String> environment() {
        return Map.of("MALLOC_ARENA_MAX", "2");
    }

    /** The flag came with JDK 22 and was backported to 17.0.9 and 21.0.1; older JVMs refuse to start with it. */
    static boolean canTrimNativeHeap(Runtime.Version version) {
        return switch (version.feature()) {
            case 17 -> version.update() >= 9;
            case 21 -> version.update() >= 1;
            default -> version.feature() >= 22;
        };
    }
}
