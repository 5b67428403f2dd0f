package babynames.ranking.counting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ConsumerLagTest {
    @Test
    void aPartitionAheadOfItsCachedEndCountsZeroAndHidesNoOtherBacklog() {
        assertEquals(OptionalLong.of(5), ConsumerLag.total(List.of(OptionalLong.of(-2), OptionalLong.of(5))));
    }

    @Test
    void isUnknownWhileAnyPartitionIs() {
        assertEquals(OptionalLong.empty(), ConsumerLag.total(List.of(OptionalLong.of(3), OptionalLong.empty())));
    }

    @Test
    void isZeroWithoutPartitions() {
        assertEquals(OptionalLong.of(0), ConsumerLag.total(List.of()));
    }
}
