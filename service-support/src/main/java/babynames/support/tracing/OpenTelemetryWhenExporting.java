package babynames.support.tracing;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.convert.format.MapFormat;
import io.micronaut.runtime.ApplicationConfiguration;
import io.micronaut.tracing.opentelemetry.DefaultOpenTelemetryFactory;
import io.micronaut.tracing.opentelemetry.OpenTelemetryBuilderCustomizer;
import io.micronaut.tracing.opentelemetry.ResourceProvider;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.Map;

/**
 * Micronaut's OpenTelemetry, configured from {@code otel.*} and the {@code OTEL_*} variables as
 * usual, but only when there is somewhere to send traces ({@code OTEL_EXPORTER_OTLP_ENDPOINT} or
 * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}). Otherwise it is OpenTelemetry's no-op: spans are
 * not recorded and no trace context is written, so tracing costs nothing by default.
 */
@Factory
@Replaces(DefaultOpenTelemetryFactory.class)
public class OpenTelemetryWhenExporting extends DefaultOpenTelemetryFactory {

    @Singleton
    @Replaces(bean = OpenTelemetry.class, factory = DefaultOpenTelemetryFactory.class)
    @Override
    protected OpenTelemetry defaultOpenTelemetry(
            ApplicationConfiguration application,
            @Property(name = "otel") @MapFormat(transformation = MapFormat.MapTransformation.FLAT)
                    Map<String, String> otel,
            @Nullable IdGenerator idGenerator,
            @Nullable SpanProcessor spanProcessor,
            @Nullable ResourceProvider resourceProvider,
            @Nullable Sampler sampler,
            Collection<OpenTelemetryBuilderCustomizer> customizers) {
        if (!exporting(otel)) {
            return OpenTelemetry.noop();
        }
        return super.defaultOpenTelemetry(
                application, otel, idGenerator, spanProcessor, resourceProvider, sampler, customizers);
    }

    /** Whether traces have an endpoint to go to, given the {@code otel.*} settings (without the prefix). */
    static boolean exporting(Map<String, String> otel) {
        return !otel.getOrDefault("exporter.otlp.endpoint", "").isBlank()
                || !otel.getOrDefault("exporter.otlp.traces.endpoint", "").isBlank();
    }
}
