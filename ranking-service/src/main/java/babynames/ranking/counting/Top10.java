package babynames.ranking.counting;

import babynames.events.RankedName;
import io.micronaut.core.annotation.Introspected;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Decisions about a top 10, without I/O: whether it could have changed, and ranking a list. */
public final class Top10 {
    public static final int SIZE = 10;

    private Top10() {}

    /**
     * Whether counting the touched names (name to new count) could change the current top 10, so the
     * ranking only has to be read again when this is true. The order is count descending, then name
     * ascending, so a name outside enters only by beating the 10th under that order.
     */
    public static boolean couldChange(List<RankedName> current, Map<String, Long> touched) {
        if (touched.isEmpty()) {
            return false;
        }
        if (current.size() < SIZE) {
            return true;
        }
        RankedName last = current.get(current.size() - 1);
        for (var entry : touched.entrySet()) {
            if (ranksAhead(entry.getKey(), entry.getValue(), last)) {
                return true;
            }
            for (RankedName listed : current) {
                if (listed.name().equals(entry.getKey())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Ranks names already in ranking order: 1 for the first. */
    public static List<RankedName> rank(List<NameCount> ordered) {
        List<RankedName> ranked = new ArrayList<>(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            ranked.add(
                    new RankedName(i + 1, ordered.get(i).name(), ordered.get(i).count()));
        }
        return List.copyOf(ranked);
    }

    private static boolean ranksAhead(String name, long count, RankedName other) {
        return count > other.count() || (count == other.count() && name.compareTo(other.name()) < 0);
    }

    /** A name and its count, as read from the database. */
    @Introspected
    public record NameCount(String name, long count) {}
}
