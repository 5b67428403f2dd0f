package babynames.localstack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The JVM flags every service process runs with, sized so that a service stays under the SPEC's
 * 256 MiB of resident memory whatever ran before (decision 0019):
 * <ul>
 *   <li>the serial collector, which suits 2 cores;
 *   <li>a heap of 128 MiB, fixed: growing from 32 MiB the collector made full collections of
 *       70-130 ms each under load, and allowed to grow to 256 MiB it did after long load, when
 *       heap and the JVM's 100-120 MiB of class data, compiled code and C heap passed the limit;
 *   <li>where the JVM has it (JDK 22, and updates of 17 and 21), the C heap trimmed every 5 s:
 *       glibc keeps what the compiler and the network layer freed, 20-25 MiB of stream-api's
 *       resident memory with thousands of clients.
 * </ul>
 */
final class ServiceJvmFlags {
    static final List<String> BASE = List.of("-XX:+UseSerialGC", "-Xms128m", "-Xmx128m", "-XX:+ExitOnOutOfMemoryError");

    static final String TRIM_NATIVE_HEAP = "-XX:TrimNativeHeapInterval=5000";

    private ServiceJvmFlags() {}

    /** {@link #BASE}, and the C heap's trim when {@code java} accepts it. */
    static List<String> forJava(Path java) {
        List<String> flags = new ArrayList<>(BASE);
        if (accepts(java, TRIM_NATIVE_HEAP)) {
            flags.add(TRIM_NATIVE_HEAP);
        }
        return List.copyOf(flags);
    }

    /**
     * Whether {@code java flag -version} starts: a JVM refuses a flag it does not know. Asked
     * rather than read from the version, since vendors backport flags to their own updates.
     */
    static boolean accepts(Path java, String flag) {
        try {
            Process probe = new ProcessBuilder(java.toString(), flag, "-version")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!probe.waitFor(30, TimeUnit.SECONDS)) {
                probe.destroyForcibly();
                return false;
            }
            return probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
