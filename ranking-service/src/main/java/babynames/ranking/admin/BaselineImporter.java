package babynames.ranking.admin;

import babynames.events.Sex;
import babynames.ranking.counting.CountRepository;
import babynames.ranking.counting.Top10;
import babynames.ranking.counting.Top10Recorder;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sets the ONS baseline of one sex. The baseline is stored apart from the registered count, and
 * importing sets it (never adds to it), so importing the same file twice changes nothing.
 */
@Singleton
class BaselineImporter {
    private final CountRepository counts;
    private final Top10Recorder recorder;

    BaselineImporter(CountRepository counts, Top10Recorder recorder) {
        this.counts = counts;
        this.recorder = recorder;
    }

    /** Returns whether the top 10 changed (an outbox row then waits for the service's relay). */
    @Transactional
    boolean importBaseline(Sex sex, List<Top10.NameCount> rows, String source) {
        // An import may lower counts, which rankers never do: keep them out until it has recorded
        // its top 10, since they decide "could the top 10 change?" on counts only growing.
        counts.lockOutRankers();
        String[] names = rows.stream().map(Top10.NameCount::name).toArray(String[]::new);
        long[] baselines = rows.stream().mapToLong(Top10.NameCount::count).toArray();
        Map<String, Long> touched = new HashMap<>();
        counts.setBaselines(sex.wireName(), names, baselines)
                .forEach(row -> touched.put(row.key().name(), row.count()));
        return recorder.recordIfChanged(sex, touched, "import:" + source, "import-" + UUID.randomUUID())
                .isPresent();
    }
}
