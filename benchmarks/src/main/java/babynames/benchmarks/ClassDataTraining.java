package babynames.benchmarks;

import babynames.localstack.ClassDataCache;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The class-data cache the start and warm-up rows use, made fresh by each benchmark run the way a
 * user's first run makes it: the four services started with an empty cache of the benchmark's
 * own, 15 s of registrations at 500/s, then stopped (SIGTERM), which writes their archives.
 */
final class ClassDataTraining {
    static final int RATE = 500;
    static final Duration LOAD = Duration.ofSeconds(15);

    private ClassDataTraining() {}

    static ClassDataCache train(BenchStack stack, Path ons) throws Exception {
        ClassDataCache cache = ClassDataCache.in(ChildProcesses.scratchDirectory("bench-class-data"));
        stack.restartAll(cache);
        stack.services().awaitAllReady(Duration.ofMinutes(3));
        Map<String, Object> report = LoadGenProcess.atRate(stack, ons, RATE, LOAD, Duration.ofSeconds(3), List.of());
        System.out.println("[bench] class-data training load: " + report.get("figures"));
        stack.restartAll(); // the stop writes the archives
        return cache;
    }

    static String describe() {
        return "made by a training run: the four services with an empty cache, " + LOAD.toSeconds() + " s at "
                + RATE + " registrations/s, SIGTERM ("
                + (Runtime.version().feature() >= 25
                        ? "AOT cache, -XX:AOTCacheOutput / -XX:AOTCache"
                        : "AppCDS, -XX:ArchiveClassesAtExit / -XX:SharedArchiveFile")
                + ")";
    }
}
