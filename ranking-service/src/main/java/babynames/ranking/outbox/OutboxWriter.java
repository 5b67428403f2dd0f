package babynames.ranking.outbox;

import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Adds a record to the outbox in the caller's transaction; {@link OutboxRelay} publishes it after commit. */
@Singleton
public final class OutboxWriter {
    public void add(
            Connection connection, String topic, String key, byte[] payload, String eventType, String correlationId)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO outbox (topic, record_key, payload, event_type, correlation_id) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, topic);
            insert.setString(2, key);
            insert.setString(3, new String(payload, StandardCharsets.UTF_8));
            insert.setString(4, eventType);
            insert.setString(5, correlationId);
            insert.executeUpdate();
        }
    }
}
