package babynames.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The newer JDK the product must run on besides the one it is built and tested with: JDK 25 (or
 * later) from {@code JDK25_HOME}, else where Temurin's Debian package puts it. A test that runs
 * something on it runs on the tests' own JDK where there is none, and says so.
 */
final class NewerJdk {
    static final int FEATURE = 25;
    static final String VARIABLE = "JDK25_HOME";
    static final Path DEBIAN_TEMURIN = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    private static final Pattern VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

    private NewerJdk() {}

    /** JDK 25 or later, from {@code environment}'s {@code JDK25_HOME} or Temurin's Debian path. */
    static Optional<Path> find(Map<String, String> environment) {
        Path home = Optional.ofNullable(environment.get(VARIABLE)).map(Path::of).orElse(DEBIAN_TEMURIN);
        return feature(home).filter(feature -> feature >= FEATURE).map(feature -> home);
    }

    /** That JDK, else the tests' own, with a line on stdout saying which. */
    static Path orThisJdk() {
        Optional<Path> found = find(System.getenv());
        System.out.println(found.map(home -> "[jdk] running on " + home)
                .orElse("[jdk] no JDK " + FEATURE + " (set " + VARIABLE + ", or install it at " + DEBIAN_TEMURIN
                        + "): running on the tests' own JDK, " + LocalStackProcess.thisJdk()));
        return found.orElseGet(LocalStackProcess::thisJdk);
    }

    /** The feature release a JDK's {@code release} file names, if it has one. */
    static Optional<Integer> feature(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)
                || !Files.isExecutable(home.resolve("bin").resolve("java"))) {
            return Optional.empty();
        }
        try {
            Matcher version = VERSION.matcher(Files.readString(release));
            return version.find() ? Optional.of(Integer.parseInt(version.group(1))) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
