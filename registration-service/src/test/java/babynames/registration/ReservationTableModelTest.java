package babynames.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Model-based: adds and removes in any order against a {@code LinkedHashMap} in insertion order,
 * which forgets its eldest entry beyond the capacity as the table must. The keys' digests are
 * chosen so that many share a home slot or sit next to each other, across the end of the index
 * too, which is where removing from an open-addressing index goes wrong: after every step each
 * key the model holds is found with its values, and no other key is.
 */
class ReservationTableModelTest {
    /** An add (with values) or a remove of key {@code key}. */
    record Step(boolean add, int key, long since, boolean accepted) {}

    private record Values(long since, boolean accepted) {}

    /**
     * Twenty keys whose digests' low bits are 0-7 or the index's last slots, most with several
     * high words, so the probe runs are long and wrap around.
     */
    private static final int KEYS = 20;

    @Property(tries = 1000)
    void theTableHoldsWhatAMapInInsertionOrderHolds(
            @ForAll @IntRange(min = 1, max = 6) int capacity, @ForAll("steps") List<Step> steps) {
        ReservationTable table = new ReservationTable(capacity);
        Map<Integer, Values> model = new LinkedHashMap<>();
        for (Step step : steps) {
            int row = table.find(high(step.key()), low(step.key()));
            if (row >= 0) {
                table.remove(row);
            }
            model.remove(step.key());
            if (step.add()) {
                table.addNewest(
                        high(step.key()), low(step.key()), step.key(), -step.key(), step.since(), step.accepted());
                model.put(step.key(), new Values(step.since(), step.accepted()));
                if (model.size() > capacity) {
                    Iterator<Integer> eldest = model.keySet().iterator();
                    eldest.next();
                    eldest.remove();
                }
            }

            assertEquals(model.size(), table.size(), "after " + step);
            for (int key = 0; key < KEYS; key++) {
                int found = table.find(high(key), low(key));
                Values expected = model.get(key);
                if (expected == null) {
                    assertEquals(-1, found, "key " + key + " is not held, after " + step);
                } else {
                    assertEquals(expected.since(), table.sinceMillis(found), "key " + key + " after " + step);
                    assertEquals(expected.accepted(), table.accepted(found), "key " + key + " after " + step);
                    assertEquals(true, table.isFor(found, key, -key), "key " + key + "'s fingerprint");
                    assertEquals(false, table.isFor(found, key + 1, -key), "key " + key + "'s fingerprint");
                }
            }
        }
    }

    /** Keys 0-9 start at slots 0-4 (two each), keys 10-19 at the last slots of any index up to 2^20. */
    private static long low(int key) {
        return key < 10 ? key / 2 : -1 - (key - 10) / 3;
    }

    private static long high(int key) {
        // The home slot is (low ^ high) & mask: a high word with no low bits set leaves it as it is.
        return (long) key << 32;
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        return Arbitraries.integers()
                .between(0, KEYS - 1)
                .flatMap(key -> Arbitraries.of(true, true, false)
                        .flatMap(add -> Arbitraries.longs()
                                .between(0, 1000)
                                .flatMap(since -> Arbitraries.of(true, false)
                                        .map(accepted -> new Step(add, key, since, accepted)))))
                .list()
                .ofMinSize(1)
                .ofMaxSize(60);
    }
}
