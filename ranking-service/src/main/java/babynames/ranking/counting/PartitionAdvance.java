package babynames.ranking.counting;

import org.apache.kafka.common.TopicPartition;

/**
 * A batch's step through one partition: the database's next offset for it moves from {@code from}
 * (what this ranker last read or wrote there, {@link #FIRST} if the database has no position yet)
 * to {@code to}, the offset after the batch's last record in it.
 */
public record PartitionAdvance(TopicPartition partition, long from, long to) {
    /** The database holds no position for the partition: nothing from it has been counted yet. */
    public static final long FIRST = -1;
}
