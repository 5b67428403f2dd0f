package babynames.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lab page of {@code labs/}, read the way {@code LabsIT} runs it: the local stack it needs (an
 * {@code <!-- stack: [NAME=value ...] ARGS -->} line: environment, then arguments, as the reader
 * types them before and after {@code ./run-local.sh}), then its steps in order. A {@code sh} block is a command to
 * run; an {@code output} block right after it lists lines that must each appear in the command's
 * output. {@code sh no-run} blocks (starting the stack, which the runner does itself) are shown to
 * the reader only; {@code sh timeout=120} gives a slow step more than the default 60 s.
 */
record Lab(String name, Map<String, String> stackEnv, List<String> stackArgs, List<Step> steps) {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** A command and the lines its output must contain. */
    record Step(String command, List<String> expected, Duration timeout) {}

    private static final Pattern STACK = Pattern.compile("<!-- stack:(.*?)-->");
    private static final Pattern BLOCK = Pattern.compile("```([a-z]+)([^\\n]*)\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern TIMEOUT = Pattern.compile("timeout=(\\d+)");
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Z_][A-Z0-9_]*)=(.*)");

    static Lab read(Path page) {
        try {
            return parse(page.getFileName().toString(), Files.readString(page));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Lab parse(String name, String markdown) {
        Matcher stack = STACK.matcher(markdown);
        List<String> stackArgs = stack.find() ? new ArrayList<>(ShellWords.split(stack.group(1))) : null;
        Map<String, String> stackEnv = new LinkedHashMap<>();
        while (stackArgs != null && !stackArgs.isEmpty()) {
            Matcher assignment = ASSIGNMENT.matcher(stackArgs.get(0));
            if (!assignment.matches()) {
                break;
            }
            stackEnv.put(assignment.group(1), assignment.group(2));
            stackArgs.remove(0);
        }
        List<Step> steps = new ArrayList<>();
        Matcher block = BLOCK.matcher(markdown);
        while (block.find()) {
            String kind = block.group(1);
            String options = block.group(2);
            String body = block.group(3);
            if (kind.equals("sh") && !options.contains("no-run")) {
                Matcher timeout = TIMEOUT.matcher(options);
                steps.add(new Step(
                        body.strip(),
                        List.of(),
                        timeout.find() ? Duration.ofSeconds(Long.parseLong(timeout.group(1))) : DEFAULT_TIMEOUT));
            } else if (kind.equals("output")) {
                if (steps.isEmpty()) {
                    throw new IllegalArgumentException(name + ": an output block before any command");
                }
                Step last = steps.remove(steps.size() - 1);
                List<String> lines = body.lines()
                        .map(String::strip)
                        .filter(l -> !l.isEmpty())
                        .toList();
                steps.add(new Step(last.command(), lines, last.timeout()));
            }
        }
        return new Lab(
                name, Map.copyOf(stackEnv), stackArgs == null ? null : List.copyOf(stackArgs), List.copyOf(steps));
    }
}
