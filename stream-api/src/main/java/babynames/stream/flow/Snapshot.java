package babynames.stream.flow;

import java.util.Map;

/**
 * One round of readings, taken at {@code atMillis}: the readings of the sources that answered. A
 * source missing from {@code readings} was down (or too slow) at that moment.
 */
record Snapshot(long atMillis, Map<String, Reading> readings) {
    Snapshot {
        readings = Map.copyOf(readings);
    }
}
