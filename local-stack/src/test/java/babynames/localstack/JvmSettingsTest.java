package babynames.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.localstack.ServiceStack.Service;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JvmSettingsTest {
    @Test
    void eachServiceHasItsHeapCeilingAndTheCompilersAsked() {
        List<String> registration = Service.REGISTRATION.jvm(JitMode.TIERED).flags();
        List<String> stream = Service.STREAM.jvm(JitMode.C1).flags();

        assertTrue(registration.containsAll(List.of("-XX:+UseSerialGC", "-Xms64m", "-Xmx128m")), registration + "");
        assertFalse(registration.contains("-XX:TieredStopAtLevel=1"), registration + "");
        assertTrue(stream.containsAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1")), stream + "");
        assertEquals(List.of("-Xmx128m"), heapCeilings(Service.RANKING), "ranking-service");
        assertEquals(List.of("-Xmx128m"), heapCeilings(Service.QUERY), "query-api");
    }

    @Test
    void everyProcessGetsTwoMallocArenas() {
        assertEquals(
                Map.of("MALLOC_ARENA_MAX", "2"),
                Service.RANKING.jvm(JitMode.TIERED).environment());
    }

    @Test
    void theNativeHeapIsTrimmedOnlyByJvmsThatKnowTheFlag() {
        assertFalse(JvmSettings.canTrimNativeHeap(Runtime.Version.parse("17.0.8+7")));
        assertTrue(JvmSettings.canTrimNativeHeap(Runtime.Version.parse("17.0.9+9")));
        assertFalse(JvmSettings.canTrimNativeHeap(Runtime.Version.parse("20.0.2+9")));
        assertFalse(JvmSettings.canTrimNativeHeap(Runtime.Version.parse("21+35")));
        assertTrue(JvmSettings.canTrimNativeHeap(Runtime.Version.parse("21.0.1+12")));
        assertTrue(JvmSettings.canTrimNativeHeap(Runtime.Version.parse("25.0.3+9")));

        List<String> flags = Service.QUERY.jvm(JitMode.TIERED).flags();
        assertEquals(
                JvmSettings.canTrimNativeHeap(Runtime.version()),
                flags.contains("-XX:TrimNativeHeapInterval=5000"),
                "this JVM (" + Runtime.version() + "): " + flags);
    }

    @Test
    void aHeapSizeTheJvmWouldRefuseIsRefusedHere() {
        assertThrows(IllegalArgumentException.class, () -> new JvmSettings("128", JitMode.TIERED));
        assertThrows(IllegalArgumentException.class, () -> new JvmSettings("-Xmx128m", JitMode.TIERED));
    }

    private static List<String> heapCeilings(Service service) {
        return service.jvm(JitMode.TIERED).flags().stream()
                .filter(flag -> flag.startsWith("-Xmx"))
                .toList();
    }
}
