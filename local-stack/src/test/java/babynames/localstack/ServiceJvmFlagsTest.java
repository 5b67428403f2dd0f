package babynames.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServiceJvmFlagsTest {
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    @Test
    void aFlagTheJvmKnowsIsAccepted() {
        assertTrue(ServiceJvmFlags.accepts(JAVA, "-XX:+UseSerialGC"));
    }

    @Test
    void aFlagTheJvmDoesNotKnowIsRefused() {
        assertFalse(ServiceJvmFlags.accepts(JAVA, "-XX:+NoSuchFlagInAnyJvm"));
    }

    @Test
    void withoutAJvmToAskOnlyTheBaseFlagsAreUsed() {
        assertEquals(ServiceJvmFlags.BASE, ServiceJvmFlags.forJava(Path.of("/no/such/java")));
    }

    @Test
    void theServicesGetTheTrimWhereThisJvmHasIt() {
        boolean trims = ServiceJvmFlags.accepts(JAVA, ServiceJvmFlags.TRIM_NATIVE_HEAP);

        assertEquals(trims, ServiceProcess.JVM_FLAGS.contains(ServiceJvmFlags.TRIM_NATIVE_HEAP));
        assertTrue(ServiceProcess.JVM_FLAGS.containsAll(ServiceJvmFlags.BASE));
    }
}
