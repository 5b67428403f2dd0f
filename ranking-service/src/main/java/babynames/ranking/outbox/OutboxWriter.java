package babynames.ranking.outbox;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Adds records to the outbox in the caller's transaction; {@link OutboxRelay} publishes them after commit. */
@Singleton
public final class OutboxWriter {
    private final HeadersColumn headers;

    OutboxWriter(HeadersColumn headers) {
        this.headers = headers;
    }

    /** For code that builds its pieces without a bean context (the tests). */
    public static OutboxWriter create(JsonMapper mapper) {
        return new OutboxWriter(new HeadersColumn(mapper));
    }

    public void add(Connection connection, List<OutboxRecord> records) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO outbox (topic, record_key, payload, event_type, correlation_id, headers)"
                        + " VALUES (?, ?, ?, ?, ?, ?::jsonb)")) {
            for (OutboxRecord record : records) {
                insert.setString(1, record.topic());
                insert.setString(2, record.key());
                insert.setBytes(3, record.payload());
                insert.setString(4, record.eventType());
                insert.setString(5, record.correlationId());
                insert.setString(6, headers.write(record.headers()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    public void add(Connection connection, OutboxRecord record) throws SQLException {
        add(connection, List.of(record));
    }
}
