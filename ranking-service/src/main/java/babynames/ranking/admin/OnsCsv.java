package babynames.ranking.admin;

import babynames.events.NameRules;
import babynames.ranking.counting.Top10;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads an ONS baby-names file: {@code NAME,COUNT} lines (CRLF or LF), no header. */
final class OnsCsv {
    private OnsCsv() {}

    /** The rows of the file; throws {@link IllegalArgumentException} naming every bad line. */
    static List<Top10.NameCount> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Top10.NameCount> rows = new ArrayList<>(lines.size());
        List<String> problems = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int lineNumber = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            int comma = line.lastIndexOf(',');
            if (comma < 0) {
                problems.add("line " + lineNumber + ": expected NAME,COUNT");
                continue;
            }
            String name = NameRules.normalise(line.substring(0, comma));
            var nameProblem = NameRules.problemWith(name);
            if (nameProblem.isPresent()) {
                problems.add("line " + lineNumber + ": name " + nameProblem.get());
                continue;
            }
            long count;
            try {
                count = Long.parseLong(line.substring(comma + 1).strip());
            } catch (NumberFormatException e) {
                problems.add("line " + lineNumber + ": count is not a whole number");
                continue;
            }
            if (count < 0) {
                problems.add("line " + lineNumber + ": count is negative");
                continue;
            }
            Integer earlier = firstLine.putIfAbsent(name, lineNumber);
            if (earlier != null) {
                problems.add("line " + lineNumber + ": " + name + " already on line " + earlier);
                continue;
            }
            rows.add(new Top10.NameCount(name, count));
        }
        if (!problems.isEmpty()) {
            int shown = Math.min(problems.size(), 20);
            throw new IllegalArgumentException(file + " has " + problems.size() + " bad line(s): "
                    + String.join("; ", problems.subList(0, shown)));
        }
        return rows;
    }
}
