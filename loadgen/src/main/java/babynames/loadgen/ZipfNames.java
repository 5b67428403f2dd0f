package babynames.loadgen;

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
public final class ZipfNames {
    /** One name of the ranked list. */
    public record Ranked(Sex sex, String name, long count) {}

    private final List<Ranked> ranked;
    private final double[] cumulative;
    private final Random random;

    public ZipfNames(List<Ranked> ranked, double exponent, long seed) {
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
    public static List<Ranked> readOns(Path dir) throws IOException {
        List<Ranked> names = new ArrayList<>();
        read(dir.resolve("boys_2015.csv"), Sex.MALE, names);
        read(dir.resolve("girls_2015.csv"), Sex.FEMALE, names);
        return names;
    }

    /** A built-in list for when no ONS files are at hand: the 2015 top 20 of each sex, with their counts. */
    public static List<Ranked> builtIn() {
        List<Ranked> names = new ArrayList<>();
        String[] boys = {
            "OLIVER:6941",
            "JACK:5371",
            "HARRY:5308",
            "GEORGE:4869",
            "JACOB:4850",
            "CHARLIE:4831",
            "NOAH:4148",
            "WILLIAM:4083",
            "THOMAS:4075",
            "OSCAR:4066",
            "JAMES:3912",
            "MUHAMMAD:3730",
            "HENRY:3581",
            "ALFIE:3540",
            "LEO:3468",
            "JOSHUA:3394",
            "FREDDIE:3219",
            "ETHAN:2940",
            "ARCHIE:2912",
            "ISAAC:2829"
        };
        String[] girls = {
            "AMELIA:5158",
            "OLIVIA:4853",
            "EMILY:3893",
            "ISLA:3474",
            "AVA:3414",
            "ELLA:3028",
            "JESSICA:2937",
            "ISABELLA:2876",
            "MIA:2842",
            "POPPY:2816",
            "SOPHIE:2779",
            "SOPHIA:2744",
            "LILY:2711",
            "GRACE:2658",
            "EVIE:2529",
            "SCARLETT:2285",
            "RUBY:2215",
            "CHLOE:2158",
            "ISABELLE:2119",
            "DAISY:2113"
        };
        for (String boy : boys) {
            names.add(new Ranked(Sex.MALE, boy.split(":")[0], Long.parseLong(boy.split(":")[1])));
        }
        for (String girl : girls) {
            names.add(new Ranked(Sex.FEMALE, girl.split(":")[0], Long.parseLong(girl.split(":")[1])));
        }
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

    public Ranked next() {
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
