package babynames.ranking.outbox;

import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.util.List;

/** Adds records to the outbox in the caller's transaction; {@link OutboxRelay} publishes them after commit. */
@Singleton
public class OutboxWriter {
    private final OutboxRepository repository;
    private final HeadersColumn headers;

    OutboxWriter(OutboxRepository repository, HeadersColumn headers) {
        this.repository = repository;
        this.headers = headers;
    }

    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void add(List<OutboxRecord> records) {
        for (OutboxRecord record : records) {
            repository.add(
                    record.topic(),
                    record.key(),
                    record.payload(),
                    record.eventType(),
                    record.correlationId(),
                    headers.write(record.headers()));
        }
    }

    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void add(OutboxRecord record) {
        add(List.of(record));
    }
}
