package babynames.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The baselines and load generators a benchmark runs as processes of their own. */
final class ChildProcesses {
    private ChildProcesses() {}

    /** {@code java [jvmFlags] -cp <this JVM's classpath> mainClass [args]}, with this JVM's java. */
    static List<String> java(List<String> jvmFlags, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        return command;
    }

    /**
     * Runs the command to its end and returns the number in group 1 of the last match of
     * {@code figure} in its output (stdout and stderr); fails with the output when {@code what}
     * fails or prints no such figure.
     */
    static double lastFigure(String what, List<String> command, Pattern figure) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            reader.lines().forEach(line -> output.append(line).append('\n'));
        }
        int exit = process.waitFor();
        Matcher matcher = figure.matcher(output);
        String last = null;
        while (matcher.find()) {
            last = matcher.group(1);
        }
        if (exit != 0 || last == null) {
            throw new IllegalStateException(what + " failed (exit " + exit + "):\n" + output);
        }
        return Double.parseDouble(last);
    }
}
