package babynames.embedded;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchDirectoryTest {
    @Test
    void closingDeletesEverythingInItButNotWhatALinkInItPointsTo(@TempDir Path elsewhere) throws Exception {
        Path kept = Files.writeString(elsewhere.resolve("repository-file"), "kept");
        Path scratch;
        try (ScratchDirectory directory = ScratchDirectory.create("scratch-test")) {
            scratch = directory.path();
            Files.createDirectories(directory.resolve("kafka/registrations-0"));
            Files.writeString(directory.resolve("kafka/registrations-0/00000.log"), "records");
            Files.createSymbolicLink(directory.resolve("repository"), elsewhere);
        }

        assertFalse(Files.exists(scratch), "deleted");
        assertTrue(Files.exists(kept), "what the link pointed to is still there");
    }

    @Test
    void deletingWhatIsNotThereDoesNothing(@TempDir Path parent) {
        ScratchDirectory.deleteRecursively(parent.resolve("never-made"));

        assertTrue(Files.exists(parent));
    }
}
