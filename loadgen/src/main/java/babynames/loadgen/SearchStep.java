package babynames.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One step of a capacity search ({@code --find-max}): the rate it ran, whether that held, and what
 * the run measured against the objectives. The search prints each as a row of its table, and
 * {@code ./bench.sh} reads the rows back from that output ({@link #in}), so the table's format is
 * written and read here only.
 */
public record SearchStep(
        int step,
        double rate,
        boolean held,
        double httpP99Ms,
        double freshnessP99Ms,
        double achievedPercent,
        boolean booksBalanced) {

    static final String TABLE_HEAD = "| step | rate /s | held | http.p99 ms | freshness.p99 ms | achieved % | books |\n"
            + "| --- | --- | --- | --- | --- | --- | --- |\n";
    private static final Pattern ROW = Pattern.compile(
            "^\\| (\\d+) \\| (\\d+) \\| (yes|\\*\\*no\\*\\*) \\| (\\S+) \\| (\\S+) \\| (\\S+) \\| (balanced|\\*\\*off\\*\\*) \\|$",
            Pattern.MULTILINE);

    /** Its row of the table (a figure the run did not measure is {@code NaN}). */
    String row() {
        return String.format(
                Locale.ROOT,
                "| %d | %.0f | %s | %.1f | %.1f | %.1f | %s |%n",
                step,
                rate,
                held ? "yes" : "**no**",
                httpP99Ms,
                freshnessP99Ms,
                achievedPercent,
                booksBalanced ? "balanced" : "**off**");
    }

    /** The steps of every row of a search's table in {@code output}, in order. */
    public static List<SearchStep> in(String output) {
        List<SearchStep> steps = new ArrayList<>();
        Matcher row = ROW.matcher(output);
        while (row.find()) {
            steps.add(new SearchStep(
                    Integer.parseInt(row.group(1)),
                    Double.parseDouble(row.group(2)),
                    row.group(3).equals("yes"),
                    Double.parseDouble(row.group(4)),
                    Double.parseDouble(row.group(5)),
                    Double.parseDouble(row.group(6)),
                    row.group(7).equals("balanced")));
        }
        return steps;
    }
}
