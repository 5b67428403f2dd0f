package babynames.stream;

import babynames.events.RankedName;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The JSON data of the SSE events, as SPEC section 2 lists them; with traces on, also the
 * {@code traceparent} of the record the event came from, so a client can find (and continue) the
 * trace. Null fields are left out.
 */
final class StreamPayloads {
    private StreamPayloads() {}

    /** {@code event: baby}. */
    @Serdeable
    record Baby(UUID id, String name, String sex, Instant registeredAt, String correlationId, String traceparent) {}

    /** {@code event: top10}. */
    @Serdeable
    record Top10(String sex, long version, List<RankedName> names, String correlationId, String traceparent) {}
}
