package babynames.ranking.counting;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts every partition the ranker is given at the position the database holds for it, not at
 * the consumer group's committed offset, and remembers that position so the next batch can move it
 * only from there ({@link LogPositions#advance}). A partition the database has no position for yet
 * starts where the group stands ({@code earliest} for a new group). While the database cannot be
 * read, newly assigned partitions stay paused and are tried again on every turn of the poll loop.
 * Used on the poll thread only.
 */
final class DatabasePositions implements ConsumerRebalanceListener {
    private static final Logger LOG = LoggerFactory.getLogger(DatabasePositions.class);

    private final Consumer<?, ?> consumer;
    private final LogPositions stored;
    private final Map<TopicPartition, Long> known = new HashMap<>();
    private final Set<TopicPartition> pending = new HashSet<>();

    DatabasePositions(Consumer<?, ?> consumer, LogPositions stored) {
        this.consumer = consumer;
        this.stored = stored;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        reposition(partitions);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        forget(partitions);
    }

    /** Reads the positions of these partitions again and seeks to them (those still assigned). */
    void reposition(Collection<TopicPartition> partitions) {
        List<TopicPartition> assigned = new ArrayList<>(partitions);
        assigned.retainAll(consumer.assignment());
        assigned.forEach(known::remove);
        pending.addAll(assigned);
        consumer.pause(assigned);
        seekPending();
    }

    /** Seeks the partitions still waiting for their position; false while the database cannot say. */
    boolean seekPending() {
        if (pending.isEmpty()) {
            return true;
        }
        Map<TopicPartition, Long> positions;
        try {
            positions = stored.read(pending);
        } catch (RuntimeException e) {
            // The database is away: a DataAccessException, or no connection at all.
            LOG.warn("Cannot read the stored positions of {} yet: {}", pending, e.toString());
            return false;
        }
        for (TopicPartition partition : pending) {
            Long next = positions.get(partition);
            if (next != null) {
                consumer.seek(partition, next);
            }
            known.put(partition, next == null ? PartitionAdvance.FIRST : next);
        }
        LOG.info("Counting {} from the stored positions {}", pending, positions);
        consumer.resume(pending);
        pending.clear();
        return true;
    }

    /** How the batch moves each partition's position, from where this ranker last knew it. */
    List<PartitionAdvance> advances(ConsumerRecords<?, ?> records) {
        List<PartitionAdvance> advances = new ArrayList<>();
        for (TopicPartition partition : records.partitions()) {
            List<? extends ConsumerRecord<?, ?>> inPartition = records.records(partition);
            Long from = known.get(partition);
            if (from == null) {
                throw new IllegalStateException("Records of " + partition + " before its position was read");
            }
            advances.add(new PartitionAdvance(
                    partition, from, inPartition.get(inPartition.size() - 1).offset() + 1));
        }
        return advances;
    }

    /** The batch's transaction committed: these are now the stored positions. */
    void advanced(List<PartitionAdvance> advances) {
        for (PartitionAdvance advance : advances) {
            known.put(advance.partition(), advance.to());
        }
    }

    private void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(known::remove);
        pending.removeAll(partitions);
    }
}
