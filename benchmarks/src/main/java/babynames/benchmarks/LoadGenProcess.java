package babynames.benchmarks;

import babynames.localstack.ServiceStack.Service;
import io.micronaut.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** loadgen in a JVM of its own against the benchmark's stack, with the ONS names. */
final class LoadGenProcess {
    private LoadGenProcess() {}

    /** An open-model run at {@code rate} per second with one subscriber; its JSON report. */
    static Map<String, Object> atRate(
            BenchStack stack, Path ons, int rate, Duration duration, Duration ramp, List<String> more)
            throws Exception {
        List<String> options = new ArrayList<>(List.of(
                "--rate",
                rate + "/s",
                "--duration",
                duration.toSeconds() + "s",
                "--ramp",
                ramp.toSeconds() + "s",
                "--subscribers",
                "1"));
        options.addAll(more);
        return run(stack, ons, options);
    }

    /** Runs it with {@code options} (rate, duration, ...) to its end; its JSON report. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> run(BenchStack stack, Path ons, List<String> options) throws Exception {
        Path out = ChildProcesses.scratchDirectory("bench-loadgen");
        Process process = new ProcessBuilder(command(stack, ons, options, out))
                .inheritIO()
                .start();
        process.waitFor();
        try (Stream<Path> files = Files.list(out)) {
            Path json = files.filter(file -> file.toString().endsWith(".json"))
                    .findFirst()
                    .orElseThrow(() ->
                            new IllegalStateException("loadgen wrote no results (exit " + process.exitValue() + ")"));
            return JsonMapper.createDefault().readValue(Files.readAllBytes(json), Map.class);
        }
    }

    /** {@code java ... LoadGen options} against the stack's services, writing its results to {@code out}. */
    static List<String> command(BenchStack stack, Path ons, List<String> options, Path out) {
        List<String> args = new ArrayList<>(options);
        args.addAll(List.of(
                "--names",
                ons.toString(),
                "--registration-url",
                stack.services().url(Service.REGISTRATION),
                "--stream-url",
                stack.services().url(Service.STREAM),
                "--ranking-url",
                stack.services().url(Service.RANKING),
                "--out",
                out.toString()));
        return ChildProcesses.java(List.of(), "babynames.loadgen.LoadGen", args);
    }
}
