package babynames.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.events.RankedName;
import babynames.events.Sex;
import babynames.events.Top10Changed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class Top10ReadModelTest {
    private static Top10Changed snapshot(Sex sex, long version) {
        return Top10Changed.of(sex, version, List.of(new RankedName(1, "V" + version, version)), Instant.EPOCH, "x");
    }

    @Test
    void anOlderOrRepeatedVersionNeverReplacesANewerOne() {
        Top10ReadModel model = new Top10ReadModel();

        assertTrue(model.apply(snapshot(Sex.MALE, 5)));
        assertFalse(model.apply(snapshot(Sex.MALE, 4)));
        assertFalse(model.apply(snapshot(Sex.MALE, 5)));
        assertEquals(5, model.version(Sex.MALE));
        assertEquals(0, model.version(Sex.FEMALE));
    }

    @Property
    void inAnyDeliveryOrderWithDuplicatesTheHighestVersionWins(
            @ForAll @IntRange(min = 1, max = 40) int versions, @ForAll long seed) {
        List<Top10Changed> deliveries = new ArrayList<>();
        for (int v = 1; v <= versions; v++) {
            deliveries.add(snapshot(Sex.FEMALE, v));
            if (v % 3 == 0) {
                deliveries.add(snapshot(Sex.FEMALE, v));
            }
        }
        Collections.shuffle(deliveries, new java.util.Random(seed));
        Top10ReadModel model = new Top10ReadModel();

        deliveries.forEach(model::apply);

        assertEquals(snapshot(Sex.FEMALE, versions), model.view().get(Sex.FEMALE));
    }
}
