package babynames.stream;

import babynames.events.Sex;
import babynames.support.Problem;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/** What a client asked to see: {@code ?types=baby,top10} and {@code ?sex=male|female}; none means all. */
record StreamFilter(Set<String> types, Sex sex) implements Predicate<StreamEvent> {
    private static final Set<String> KNOWN_TYPES = Set.of(StreamEvent.BABY, StreamEvent.TOP10);

    static StreamFilter parse(String types, String sex) {
        Set<String> wanted = new HashSet<>();
        if (types == null || types.isBlank()) {
            wanted.addAll(KNOWN_TYPES);
        } else {
            for (String type : types.split(",")) {
                String name = type.strip().toLowerCase(Locale.ROOT);
                if (!KNOWN_TYPES.contains(name)) {
                    throw Problem.of(
                                    "invalid-filter",
                                    "Invalid filter",
                                    400,
                                    "types must be a comma-separated list of baby and top10, not " + type)
                            .toException();
                }
                wanted.add(name);
            }
        }
        Sex parsedSex = null;
        if (sex != null && !sex.isBlank()) {
            parsedSex = Sex.fromWireName(sex)
                    .orElseThrow(() -> Problem.of("invalid-filter", "Invalid filter", 400, "sex must be male or female")
                            .toException());
        }
        return new StreamFilter(Set.copyOf(wanted), parsedSex);
    }

    @Override
    public boolean test(StreamEvent event) {
        return types.contains(event.type()) && (sex == null || sex == event.sex());
    }
}
