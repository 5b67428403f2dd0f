package babynames.systemtests;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command-line tool the system tests run (docker compose, kubectl, promtool, node): in a folder,
 * with its input, within a time limit, its standard output and error kept together. The output goes
 * to a file rather than a pipe, so a tool that writes a lot never blocks on a test that is still
 * waiting for it to exit.
 */
record ExternalCommand(List<String> command, Path directory, Duration timeout, String input) {

    /** What the tool answered. */
    record Result(String command, int exitCode, String output) {
        /** The output of a successful run; a failed one's exit code and output in the exception. */
        String outputIfSucceeded() {
            if (exitCode != 0) {
                throw new IllegalStateException(command + " exited with " + exitCode + ":\n" + output);
            }
            return output;
        }
    }

    /** {@code command} in {@code directory}, with no input and a minute to answer. */
    static ExternalCommand of(Path directory, List<String> command) {
        return new ExternalCommand(command, directory, Duration.ofMinutes(1), "");
    }

    ExternalCommand withTimeout(Duration limit) {
        return new ExternalCommand(command, directory, limit, input);
    }

    ExternalCommand withInput(String text) {
        return new ExternalCommand(command, directory, timeout, text);
    }

    /** Runs it to its end; one that does not end in time is killed and is an exception. */
    Result run() throws IOException, InterruptedException {
        String name = String.join(" ", command);
        Path output = Files.createTempFile("external-command", ".out");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(name + ": no answer in " + timeout.toSeconds() + " s");
            }
            return new Result(name, process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
