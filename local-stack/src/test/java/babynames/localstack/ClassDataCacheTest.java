package babynames.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a run trains the archive, when it uses it, and what a training run leaves behind. */
class ClassDataCacheTest {
    private static final List<String> FLAGS = List.of("-XX:+UseSerialGC");

    @TempDir
    Path dir;

    @Test
    void theFirstRunTrainsAndEveryLaterRunUsesWhatItWrote() throws Exception {
        Path jar = jar();
        ClassDataCache cache = new ClassDataCache(true, 17, null);

        ClassDataCache.Run first = cache.forRun(jar, FLAGS);
        assertTrue(first.trains(), "no archive yet: " + first.jvmFlags());
        Path partial = Path.of(flagValue(first, "-XX:ArchiveClassesAtExit="));
        Files.write(partial, new byte[] {1, 2, 3}); // what the JVM writes as it exits
        first.afterExit().run();

        Path home = cache.home(jar, FLAGS);
        Path archive = home.resolve("some-service.jsa");
        assertTrue(Files.isRegularFile(archive), "the finished archive is kept");
        assertFalse(Files.exists(partial));
        ClassDataCache.Run second = cache.forRun(jar, FLAGS);
        assertEquals(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=error"), second.jvmFlags());
        assertEquals(home.resolve("some-service.jar"), second.jar(), "both run from the copy kept with it");
        assertEquals(first.jar(), second.jar());
        assertEquals(-1L, Files.mismatch(jar, second.jar()), "the same bytes");
    }

    /** JDK 25 prints these on stdout as it writes its AOT cache, whatever -Xlog says. */
    @Test
    void theJvmsNotesOfATrainingRunAreNotLogLines() throws Exception {
        Path jar = jar();
        ClassDataCache cache = new ClassDataCache(true, 25, null);
        ClassDataCache.Run training = cache.forRun(jar, FLAGS);
        String note = "Launching child process /opt/java/bin/java to assemble AOT cache x.aot using configuration x";

        assertTrue(training.isTrainingNote(note));
        assertTrue(training.isTrainingNote("AOTCache creation is complete: x.aot 10305536 bytes"));
        assertFalse(training.isTrainingNote("{\"level\":\"INFO\",\"formattedMessage\":\"Launching child process\"}"));
        Files.write(Path.of(flagValue(training, "-XX:AOTCacheOutput=")), new byte[] {1});
        training.afterExit().run();
        assertFalse(cache.forRun(jar, FLAGS).isTrainingNote(note), "a run that does not train leaves nothing out");
    }

    @Test
    void fromJdk25ItIsTheAotCache() throws Exception {
        Path jar = jar();
        ClassDataCache cache = new ClassDataCache(true, 25, null);

        trainOnce(cache, jar, "-XX:AOTCacheOutput=");

        Path archive = cache.home(jar, FLAGS).resolve("some-service.aot");
        assertTrue(Files.isRegularFile(archive), archive.toString());
        assertEquals(
                List.of("-XX:AOTCache=" + archive, "-Xlog:aot*=error,cds*=error"),
                cache.forRun(jar, FLAGS).jvmFlags());
    }

    @Test
    void aRunKilledBeforeItWroteTheArchiveLeavesNoneAndTheNextRunTrains() throws Exception {
        Path jar = jar();
        ClassDataCache cache = new ClassDataCache(true, 17, null);

        ClassDataCache.Run killed = cache.forRun(jar, FLAGS);
        Path partial = Path.of(flagValue(killed, "-XX:ArchiveClassesAtExit="));
        Files.write(partial, new byte[0]); // kill -9 half-way
        killed.afterExit().run();

        try (var files = Files.list(cache.home(jar, FLAGS))) {
            assertEquals(
                    List.of("some-service.jar"),
                    files.map(f -> f.getFileName().toString()).toList());
        }
        assertTrue(cache.forRun(jar, FLAGS).trains());
    }

    @Test
    void whileOneProcessTrainsAnotherOfTheSameJarRunsWithout() throws Exception {
        Path jar = jar();
        ClassDataCache cache = new ClassDataCache(true, 17, null);

        ClassDataCache.Run trainer = cache.forRun(jar, FLAGS);
        ClassDataCache.Run replica = cache.forRun(jar, FLAGS);
        assertEquals(List.of(), replica.jvmFlags(), "a replica started meanwhile");
        assertEquals(jar, replica.jar());
        trainer.afterExit().run();
        assertTrue(cache.forRun(jar, FLAGS).trains(), "the trainer wrote nothing, so the next one trains");
    }

    @Test
    void theSameJarWrittenAgainFindsItsArchiveAndAChangedOneTrainsAgain() throws Exception {
        Path jar = jar();
        ClassDataCache cache = new ClassDataCache(true, 17, null);
        trainOnce(cache, jar, "-XX:ArchiveClassesAtExit=");

        Files.write(jar, new byte[] {0}); // packaged again, the same contents
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        assertFalse(cache.forRun(jar, FLAGS).trains(), "same contents, same archive");

        Files.write(jar, new byte[] {0, 1}); // a change
        assertTrue(cache.forRun(jar, FLAGS).trains());
    }

    @Test
    void otherJvmFlagsHaveAnArchiveOfTheirOwn() throws Exception {
        Path jar = jar();
        ClassDataCache cache = new ClassDataCache(true, 17, null);
        assertFalse(cache.home(jar, FLAGS).equals(cache.home(jar, List.of("-XX:+UseG1GC"))));
        assertFalse(cache.home(jar, FLAGS).equals(new ClassDataCache(true, 25, null).home(jar, FLAGS)));
    }

    @Test
    void offMeansPlainRunsAndAnythingButOnOrOffIsRefused() throws Exception {
        Path jar = jar();
        ClassDataCache.Run off = ClassDataCache.fromEnvironment(Map.of(ClassDataCache.SETTING, "off"))
                .forRun(jar, FLAGS);
        assertEquals(List.of(), off.jvmFlags());
        assertEquals(jar, off.jar());
        assertTrue(ClassDataCache.fromEnvironment(Map.of()).forRun(jar, FLAGS).trains(), "on by default");
        assertThrows(
                IllegalArgumentException.class,
                () -> ClassDataCache.fromEnvironment(Map.of(ClassDataCache.SETTING, "yes")));
    }

    @Test
    void aCacheOfItsOwnKeepsEverythingInItsFolder() throws Exception {
        Path jar = jar();
        Path own = dir.resolve("own");
        ClassDataCache cache = ClassDataCache.in(own);

        ClassDataCache.Run first = cache.forRun(jar, FLAGS);

        assertTrue(first.jar().startsWith(own), first.jar().toString());
        assertFalse(Files.exists(dir.resolve("class-data")));
    }

    /** A run that trains, and the JVM writing its archive as it exits. */
    private static void trainOnce(ClassDataCache cache, Path jar, String outputFlag) throws Exception {
        ClassDataCache.Run run = cache.forRun(jar, FLAGS);
        Files.write(Path.of(flagValue(run, outputFlag)), new byte[] {1});
        run.afterExit().run();
    }

    private Path jar() throws Exception {
        return Files.write(dir.resolve("some-service.jar"), new byte[] {0});
    }

    private static String flagValue(ClassDataCache.Run run, String prefix) {
        return run.jvmFlags().stream()
                .filter(flag -> flag.startsWith(prefix))
                .map(flag -> flag.substring(prefix.length()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " in " + run.jvmFlags()));
    }
}
