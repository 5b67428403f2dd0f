package babynames.ranking.counting;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The ranker's position in {@code baby-registrations}, kept in PostgreSQL beside the counts and
 * moved in the same transaction, so the counts and the position can never disagree.
 */
final class LogPositions {
    private LogPositions() {}

    /** The stored next offsets of the partitions that have one. */
    static Map<TopicPartition, Long> read(Connection connection, Collection<TopicPartition> partitions)
            throws SQLException {
        Map<TopicPartition, Long> positions = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT next_offset FROM registration_offsets WHERE topic = ? AND partition = ?")) {
            for (TopicPartition partition : partitions) {
                query.setString(1, partition.topic());
                query.setInt(2, partition.partition());
                try (ResultSet row = query.executeQuery()) {
                    if (row.next()) {
                        positions.put(partition, row.getLong(1));
                    }
                }
            }
        }
        return positions;
    }

    /**
     * Moves a partition's position, only from where this ranker left it (a compare-and-set: the
     * row lock makes a second ranker wait, then find the position moved). Throws
     * {@link LogPositionMoved} when another ranker moved it first.
     */
    static void advance(Connection connection, PartitionAdvance advance) throws SQLException {
        TopicPartition partition = advance.partition();
        String statement = advance.from() == PartitionAdvance.FIRST
                ? "INSERT INTO registration_offsets (next_offset, topic, partition) VALUES (?, ?, ?)"
                        + " ON CONFLICT DO NOTHING"
                : "UPDATE registration_offsets SET next_offset = ? WHERE topic = ? AND partition = ?"
                        + " AND next_offset = ?";
        try (PreparedStatement move = connection.prepareStatement(statement)) {
            move.setLong(1, advance.to());
            move.setString(2, partition.topic());
            move.setInt(3, partition.partition());
            if (advance.from() != PartitionAdvance.FIRST) {
                move.setLong(4, advance.from());
            }
            if (move.executeUpdate() != 1) {
                throw new LogPositionMoved(partition, advance.from());
            }
        }
    }
}
