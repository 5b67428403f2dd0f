package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import babynames.localstack.ServiceStack.Service;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Micronaut's own OpenTelemetry integration (its HTTP filter on every request, its tracer) is on
 * exactly when traces have somewhere to go (decision 0016): each service's
 * {@code micronaut.otel.enabled}, read from its application.yml the way Micronaut reads it, is
 * {@code false} unless {@code OTEL_EXPORTER_OTLP_ENDPOINT} or {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}
 * is set. Micronaut switches the integration off only for the exact text "false".
 */
class TracingSwitchTest {
    private static final String COLLECTOR = "http://collector:4318";

    @ParameterizedTest
    @EnumSource(Service.class)
    void offWithoutAnEndpoint(Service service) throws IOException {
        assertEquals(Optional.of("false"), otelEnabled(service, Map.of()));
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void onWithEitherEndpoint(Service service) throws IOException {
        assertEquals(Optional.of(COLLECTOR), otelEnabled(service, Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", COLLECTOR)));
        assertEquals(
                Optional.of(COLLECTOR), otelEnabled(service, Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", COLLECTOR)));
    }

    private static Optional<String> otelEnabled(Service service, Map<String, Object> variables) throws IOException {
        Path yml = OpsFiles.ROOT.resolve(service.artifact() + "/src/main/resources/application.yml");
        Map<String, Object> properties =
                new HashMap<>(new YamlPropertySourceLoader().read("application.yml", Files.readAllBytes(yml)));
        // A placeholder's name is looked up among the properties before the process's environment.
        properties.putAll(variables);
        return new PropertySourcePropertyResolver(PropertySource.of(properties))
                .getProperty("micronaut.otel.enabled", String.class);
    }
}
