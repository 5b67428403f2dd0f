package babynames.ranking.outbox;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The outbox's {@code headers} column: a JSON array of {@code {"name", "value"}}, each value as
 * base64 (a header may hold any bytes) or null.
 */
@Singleton
final class HeadersColumn {
    private static final Argument<List<Stored>> STORED = Argument.listOf(Stored.class);

    private final JsonMapper mapper;

    HeadersColumn(JsonMapper mapper) {
        this.mapper = mapper;
    }

    @Serdeable
    record Stored(String name, String value) {}

    String write(List<Header> headers) {
        List<Stored> stored = headers.stream()
                .map(h -> new Stored(
                        h.key(), h.value() == null ? null : Base64.getEncoder().encodeToString(h.value())))
                .toList();
        try {
            return new String(mapper.writeValueAsBytes(STORED, stored), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Header> read(String json) {
        try {
            return mapper.readValue(json, STORED).stream()
                    .map(s -> (Header) new RecordHeader(
                            s.name(),
                            s.value() == null ? null : Base64.getDecoder().decode(s.value())))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable outbox headers: " + json, e);
        }
    }
}
