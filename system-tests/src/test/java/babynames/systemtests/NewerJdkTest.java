package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewerJdkTest {
    @TempDir
    Path dir;

    @Test
    void aJdk25OrLaterNamedByTheVariableIsTheOne() throws Exception {
        Path jdk25 = jdk("jdk-25", "25.0.3");
        Path jdk26 = jdk("jdk-26", "26");

        assertEquals(Optional.of(jdk25), NewerJdk.find(Map.of(NewerJdk.VARIABLE, jdk25.toString())));
        assertEquals(Optional.of(jdk26), NewerJdk.find(Map.of(NewerJdk.VARIABLE, jdk26.toString())));
    }

    @Test
    void anOlderJdkAFolderWithoutJavaOrNothingIsNone() throws Exception {
        Path jdk17 = jdk("jdk-17", "17.0.15");
        Path noJava = Files.createDirectories(dir.resolve("no-java"));
        Files.writeString(noJava.resolve("release"), "JAVA_VERSION=\"25.0.3\"\n");

        assertEquals(Optional.empty(), NewerJdk.find(Map.of(NewerJdk.VARIABLE, jdk17.toString())));
        assertEquals(Optional.empty(), NewerJdk.find(Map.of(NewerJdk.VARIABLE, noJava.toString())));
        assertEquals(
                Optional.empty(),
                NewerJdk.find(Map.of(NewerJdk.VARIABLE, dir.resolve("absent").toString())));
    }

    /** A JDK's shape as far as the finder looks: {@code release} and an executable {@code bin/java}. */
    private Path jdk(String name, String version) throws Exception {
        Path home = Files.createDirectories(dir.resolve(name).resolve("bin")).getParent();
        Files.writeString(
                home.resolve("release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"" + version + "\"\n");
        Files.createFile(
                home.resolve("bin").resolve("java"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        return home;
    }
}
