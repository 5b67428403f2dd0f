package babynames.ranking.counting;

import java.util.List;
import java.util.OptionalLong;

/** The consumer lag the ranker reports: the records of its partitions it has not counted yet. */
final class ConsumerLag {
    private ConsumerLag() {}

    /**
     * The sum over the assigned partitions, empty while any of them is unknown. A partition's lag
     * can read below zero: after the ranker seeks to a position another ranker stored, the
     * client's cached end offset may stay behind it while nothing new arrives. Such a partition is
     * caught up and counts 0, so it cannot hide another partition's backlog in the sum.
     */
    static OptionalLong total(List<OptionalLong> partitionLags) {
        long total = 0;
        for (OptionalLong lag : partitionLags) {
            if (lag.isEmpty()) {
                return OptionalLong.empty();
            }
            total += Math.max(0, lag.getAsLong());
        }
        return OptionalLong.of(total);
    }
}
