package babynames.ranking.outbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A row of {@code outbox}: a Kafka record to publish, written in the transaction whose change it
 * announces. {@code headers} is JSON ({@link HeadersColumn}).
 */
@MappedEntity("outbox")
record OutboxRow(
        @Id @GeneratedValue Long id,
        String topic,
        @Nullable String recordKey,
        byte[] payload,
        @Nullable String eventType,
        @Nullable String correlationId,
        String headers,
        @Nullable Instant createdAt,
        @Nullable Instant sentAt) {}
