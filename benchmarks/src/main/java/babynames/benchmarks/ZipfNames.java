package babynames.benchmarks;

import babynames.events.Sex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Draws (sex, name) pairs with a Zipf distribution over the names ranked by popularity, as the
 * ONS baseline script does (s = 1.1): a few names are registered very often, most rarely.
 */
final class ZipfNames {
    /** One name of the ranked list. */
    record Ranked(Sex sex, String name, long count) {}

    private final List<Ranked> ranked;
    private final double[] cumulative;
    private final Random random;

    ZipfNames(List<Ranked> ranked, double exponent, long seed) {
        this.ranked = ranked.stream()
                .sorted(Comparator.comparingLong(Ranked::count).reversed().thenComparing(Ranked::name))
                .toList();
        this.cumulative = new double[this.ranked.size()];
        double sum = 0;
        for (int i = 0; i < cumulative.length; i++) {
            sum += 1 / Math.pow(i + 1, exponent);
            cumulative[i] = sum;
        }
        for (int i = 0; i < cumulative.length; i++) {
            cumulative[i] /= sum;
        }
        this.random = new Random(seed);
    }

    /** The names of the two ONS files in {@code dir} (boys_2015.csv, girls_2015.csv). */
    static List<Ranked> readOns(Path dir) throws IOException {
        List<Ranked> names = new ArrayList<>();
        read(dir.resolve("boys_2015.csv"), Sex.MALE, names);
        read(dir.resolve("girls_2015.csv"), Sex.FEMALE, names);
        return names;
    }

    private static void read(Path file, Sex sex, List<Ranked> into) throws IOException {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String row = line.strip();
            int comma = row.lastIndexOf(',');
            if (comma > 0) {
                into.add(new Ranked(sex, row.substring(0, comma), Long.parseLong(row.substring(comma + 1))));
            }
        }
    }

    Ranked next() {
        double u = random.nextDouble();
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] < u) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return ranked.get(low);
    }
}
