package babynames.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.localstack.ServiceStack.Service;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalStackOptionsTest {
    @Test
    void replicasByShortOrFullName() {
        var options = LocalStackOptions.parse(
                new String[] {"--replicas", "ranking=3,stream=2", "--replicas", "query-api=2"}, Map.of());
        assertEquals(Map.of(Service.RANKING, 3, Service.STREAM, 2, Service.QUERY, 2), options.replicas());
    }

    @Test
    void replicaNWorksOnThePortPlusAHundredTimesNMinusOne() {
        var replicas = Supervisor.replicas(Map.of(Service.RANKING, 3), ServiceStack.defaultPorts());
        assertEquals(
                List.of(
                        "ranking-service-1:8083",
                        "ranking-service-2:8183",
                        "ranking-service-3:8283",
                        "query-api-1:8080",
                        "stream-api-1:8082",
                        "registration-service-1:8081"),
                replicas.stream().map(r -> r.name() + ":" + r.port()).toList());
    }

    @Test
    void sayWhatIsWrongWithAReplicaCount() {
        for (String spec : List.of("ranking", "ranking=0", "ranking=10", "ranking=x", "scoring=2")) {
            var error = assertThrows(
                    IllegalArgumentException.class,
                    () -> LocalStackOptions.parse(new String[] {"--replicas", spec}, Map.of()));
            assertTrue(error.getMessage().startsWith("--replicas"), error.getMessage());
        }
    }

    @Test
    void portOffsetAndDefaults() {
        var options = LocalStackOptions.parse(new String[0], Map.of("LOCAL_PORT_OFFSET", "1000"));
        assertEquals(1000, options.portOffset());
        assertEquals(Map.of(), options.replicas());
    }

    @Test
    void theServicesCompileAsLocalJitSays() {
        assertEquals(
                JitMode.TIERED, LocalStackOptions.parse(new String[0], Map.of()).jit());
        assertEquals(
                JitMode.TIERED,
                LocalStackOptions.parse(new String[0], Map.of("LOCAL_JIT", "tiered"))
                        .jit());
        var c1 = LocalStackOptions.parse(new String[0], Map.of("LOCAL_JIT", "c1"))
                .jit();
        assertEquals(List.of("-XX:TieredStopAtLevel=1"), c1.jvmFlags());
        var error = assertThrows(
                IllegalArgumentException.class,
                () -> LocalStackOptions.parse(new String[0], Map.of("LOCAL_JIT", "C2")));
        assertEquals("LOCAL_JIT is tiered or c1, not 'C2'", error.getMessage());
    }
}
