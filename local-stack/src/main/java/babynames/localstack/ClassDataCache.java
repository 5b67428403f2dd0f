package babynames.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a service's JVM learnt in one run, kept for the next: the classes it loaded (parsed,
 * verified and, from JDK 25, linked) and, from JDK 25, its method profiles. On JDK 25 and later
 * that is the AOT cache (JEPs 483, 514, 515); on JDK 17 to 24 an AppCDS archive of the classes.
 *
 * <p>The first run of a jar is the training run: its JVM writes the archive when it exits on its
 * own or on SIGTERM (Ctrl-C; not {@code kill -9}), to a file of its own that becomes the archive
 * only once complete, so replicas training at once or a run killed half-way never leave a broken
 * one. Every later run maps it and starts in about half the time.
 *
 * <p>An archive belongs to one jar (the JVM checks the jar's size and modification time), one JDK
 * and one set of JVM flags, and the JVM only warns (on stdout, where the logs are JSON) and runs
 * without one that does not fit. {@code ./run-local.sh} packages the jars before every start, which
 * writes them anew even when nothing changed; so the services run from a copy of their jar kept
 * with its archive under {@code target/class-data/<fingerprint>/}, named after the jar's contents,
 * the JDK and the flags: the same build finds its archive, a changed one trains again.
 */
public final class ClassDataCache {
    /** {@code on} (the default) or {@code off}: whether the local stack's services use the cache. */
    public static final String SETTING = "LOCAL_CLASS_CACHE";

    private static final ClassDataCache OFF =
            new ClassDataCache(false, Runtime.version().feature(), null);
    private static final String PARTIAL = ".part";
    /** A zip ends with its directory, which holds every entry's name, size and CRC. */
    private static final int FINGERPRINTED_TAIL = 1 << 20;

    private final boolean enabled;
    private final int javaFeature;
    private final Path root;
    private final Set<Path> training = ConcurrentHashMap.newKeySet();

    /** {@code root} null: beside each jar, in {@code class-data/}. */
    ClassDataCache(boolean enabled, int javaFeature, Path root) {
        this.enabled = enabled;
        this.javaFeature = javaFeature;
        this.root = root;
    }

    /** The cache as {@value #SETTING} in {@code env} says: on unless it is {@code off}. */
    public static ClassDataCache fromEnvironment(Map<String, String> env) {
        String setting = env.getOrDefault(SETTING, "on").trim();
        return switch (setting) {
            case "on", "" -> new ClassDataCache(true, Runtime.version().feature(), null);
            case "off" -> OFF;
            default -> throw new IllegalArgumentException(SETTING + " is on or off, not '" + setting + "'");
        };
    }

    public static ClassDataCache off() {
        return OFF;
    }

    /** A cache of its own in {@code dir}, empty until its first runs train it (for benchmarks). */
    public static ClassDataCache in(Path dir) {
        return new ClassDataCache(true, Runtime.version().feature(), dir);
    }

    /**
     * How to run {@code jar} with {@code jvmFlags}: from the copy that has an archive, using it; or,
     * with none yet, training one; or, while another process of the same jar trains, as without a
     * cache.
     */
    Run forRun(Path jar, List<String> jvmFlags) {
        if (!enabled) {
            return Run.without(jar);
        }
        Path home = home(jar, jvmFlags);
        Path copy = home.resolve(jar.getFileName());
        Path archive = home.resolve(archiveName(jar));
        if (Files.isRegularFile(archive) && Files.isRegularFile(copy)) {
            return new Run(copy, useFlags(archive), () -> {});
        }
        if (!training.add(home)) {
            return Run.without(jar); // another process of this jar is training; this one runs as before
        }
        try {
            copyOnce(jar, copy);
        } catch (IOException e) {
            training.remove(home);
            throw new UncheckedIOException("Could not copy " + jar + " to " + copy, e);
        }
        Path partial = home.resolve(archiveName(jar) + "." + UUID.randomUUID() + PARTIAL);
        return new Run(copy, trainFlags(partial), () -> {
            try {
                if (Files.isRegularFile(partial) && Files.size(partial) > 0) {
                    Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not keep the class-data archive " + archive, e);
            } finally {
                training.remove(home);
            }
        });
    }

    /**
     * Where a jar's copy and archive are kept: beside it, in {@code class-data/} (or in this cache's
     * own folder), in a folder named after its contents, the JDK and the JVM flags.
     */
    Path home(Path jar, List<String> jvmFlags) {
        Path absolute = jar.toAbsolutePath();
        String key = fingerprint(jarFingerprint(absolute) + "|" + System.getProperty("java.home") + "|"
                + Runtime.version() + "|" + javaFeature + "|" + jvmFlags);
        return (root != null ? root : absolute.resolveSibling("class-data")).resolve(key);
    }

    private String archiveName(Path jar) {
        String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
        return name + (usesAotCache() ? ".aot" : ".jsa");
    }

    /** JEP 514's one-step training ({@code -XX:AOTCacheOutput}) is in JDK 25. */
    private boolean usesAotCache() {
        return javaFeature >= 25;
    }

    private List<String> useFlags(Path archive) {
        return usesAotCache()
                ? List.of("-XX:AOTCache=" + archive, "-Xlog:aot*=error,cds*=error")
                : List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=error");
    }

    private List<String> trainFlags(Path partial) {
        try {
            Files.createDirectories(partial.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The JVM reports classes it leaves out (JFR's, unlinked ones) as warnings: not for stdout.
        return usesAotCache()
                ? List.of("-XX:AOTCacheOutput=" + partial, "-Xlog:aot*=error,cds*=error")
                : List.of("-XX:ArchiveClassesAtExit=" + partial, "-Xlog:cds*=error");
    }

    /** Copies the jar into place unless an earlier run did; a half-written copy is never seen. */
    private static void copyOnce(Path jar, Path copy) throws IOException {
        if (Files.isRegularFile(copy)) {
            return;
        }
        Files.createDirectories(copy.getParent());
        Path partial = copy.resolveSibling(copy.getFileName() + "." + UUID.randomUUID() + PARTIAL);
        Files.copy(jar, partial);
        Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The jar's size and its last megabyte, where a zip keeps every entry's size and CRC. */
    private static String jarFingerprint(Path jar) {
        try (FileChannel channel = FileChannel.open(jar, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer tail = ByteBuffer.allocate((int) Math.min(size, FINGERPRINTED_TAIL));
            channel.position(size - tail.capacity());
            while (tail.hasRemaining() && channel.read(tail) >= 0) {
                // read the whole tail
            }
            return size + ":" + HexFormat.of().formatHex(sha256(tail.array()));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + jar, e);
        }
    }

    private static String fingerprint(String text) {
        return HexFormat.of().formatHex(sha256(text.getBytes(StandardCharsets.UTF_8)), 0, 6);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What the JDK 25 JVM prints on stdout as it writes its AOT cache (the child JVM it starts for
     * that adds a line on stderr), whatever -Xlog says: notes of the training, not the service's log.
     */
    private static final List<String> TRAINING_NOTES = List.of(
            "Temporary AOTConfiguration recorded: ",
            "Launching child process ",
            "Reading AOTConfiguration ",
            "AOTCache creation is complete: ",
            "Removed temporary AOT configuration file ",
            "Picked up JAVA_TOOL_OPTIONS: ");

    /** The jar one run starts from, its JVM flags, and what to do once it has ended. */
    record Run(Path jar, List<String> jvmFlags, Runnable afterExit) {
        static Run without(Path jar) {
            return new Run(jar, List.of(), () -> {});
        }

        boolean trains() {
            return jvmFlags.stream().anyMatch(flag -> flag.contains(PARTIAL));
        }

        /** A line of the JVM's own about writing the archive, which the service's log leaves out. */
        boolean isTrainingNote(String line) {
            return trains() && TRAINING_NOTES.stream().anyMatch(line::startsWith);
        }
    }
}
