package babynames.ranking.counting;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch of registrations as one increment per (sex, name), in three parallel arrays: the
 * parameters of the set-based upsert that adds a batch to the counts in one statement.
 */
public record Increments(String[] sexes, String[] names, long[] increments) {
    public static Increments of(List<IncomingRegistration> registrations) {
        Map<List<String>, Long> perName = new LinkedHashMap<>();
        for (IncomingRegistration registration : registrations) {
            perName.merge(
                    List.of(
                            registration.event().sex().wireName(),
                            registration.event().name()),
                    1L,
                    Long::sum);
        }
        String[] sexes = new String[perName.size()];
        String[] names = new String[perName.size()];
        long[] increments = new long[perName.size()];
        int i = 0;
        for (var entry : perName.entrySet()) {
            sexes[i] = entry.getKey().get(0);
            names[i] = entry.getKey().get(1);
            increments[i] = entry.getValue();
            i++;
        }
        return new Increments(sexes, names, increments);
    }

    public boolean isEmpty() {
        return sexes.length == 0;
    }
}
