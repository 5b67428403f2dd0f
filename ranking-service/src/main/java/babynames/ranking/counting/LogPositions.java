package babynames.ranking.counting;

import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** Reads and moves the stored positions of Kafka partitions ({@link LogPositionRepository}). */
@Singleton
public class LogPositions {
    private final LogPositionRepository repository;

    LogPositions(LogPositionRepository repository) {
        this.repository = repository;
    }

    /** The stored next offsets of the partitions that have one. */
    Map<TopicPartition, Long> read(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        partitions.stream().map(TopicPartition::topic).distinct().forEach(topic -> {
            int[] numbers = partitions.stream()
                    .filter(p -> p.topic().equals(topic))
                    .mapToInt(TopicPartition::partition)
                    .toArray();
            repository
                    .findStored(topic, numbers)
                    .forEach(stored ->
                            positions.put(new TopicPartition(topic, stored.partition()), stored.nextOffset()));
        });
        return positions;
    }

    /** Moves a partition's position from where this ranker left it; throws {@link LogPositionMoved} if it is not there. */
    void advance(PartitionAdvance advance) {
        TopicPartition partition = advance.partition();
        int moved = advance.from() == PartitionAdvance.FIRST
                ? repository.start(partition.topic(), partition.partition(), advance.to())
                : repository.advance(partition.topic(), partition.partition(), advance.from(), advance.to());
        if (moved != 1) {
            throw new LogPositionMoved(partition, advance.from());
        }
    }

    /** Sets the positions whatever they were: what a rebuild's new tables count up to. */
    public void store(Map<TopicPartition, Long> positions) {
        positions.forEach((partition, next) -> repository.store(partition.topic(), partition.partition(), next));
    }
}
