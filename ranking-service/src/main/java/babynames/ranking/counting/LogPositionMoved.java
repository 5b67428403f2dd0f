package babynames.ranking.counting;

import org.apache.kafka.common.TopicPartition;

/**
 * The database's position of a partition is not where this ranker left it: another ranker has
 * counted from that partition meanwhile (this one lost it in a rebalance, or paused past its
 * session). The batch in hand must not be counted; the ranker starts again from the database.
 */
final class LogPositionMoved extends RuntimeException {
    private final transient TopicPartition partition;

    LogPositionMoved(TopicPartition partition, long expected) {
        super("The stored position of " + partition + " is no longer " + expected, null, false, false);
        this.partition = partition;
    }

    TopicPartition partition() {
        return partition;
    }
}
