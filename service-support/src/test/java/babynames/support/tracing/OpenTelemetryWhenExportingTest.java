package babynames.support.tracing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenTelemetryWhenExportingTest {

    @Test
    void tracesAreRecordedOnlyWithAnEndpointToSendThemTo() {
        assertFalse(OpenTelemetryWhenExporting.exporting(Map.of()));
        assertFalse(OpenTelemetryWhenExporting.exporting(Map.of("exporter.otlp.endpoint", " ")));
        assertFalse(OpenTelemetryWhenExporting.exporting(Map.of("traces.exporter", "otlp")));
        assertTrue(OpenTelemetryWhenExporting.exporting(Map.of("exporter.otlp.endpoint", "http://jaeger:4318")));
        assertTrue(OpenTelemetryWhenExporting.exporting(
                Map.of("exporter.otlp.traces.endpoint", "http://jaeger:4318/v1/traces")));
    }
}
