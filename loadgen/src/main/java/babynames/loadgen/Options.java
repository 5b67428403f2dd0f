package babynames.loadgen;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The command line of loadgen. */
record Options(
        URI registrationUrl,
        URI streamUrl,
        URI rankingUrl,
        double rate,
        Duration duration,
        Duration ramp,
        Duration warmup,
        int subscribers,
        Path names,
        List<Slo> slos,
        Path out,
        long seed,
        Duration settle,
        double findMax) {

    static final Duration MIN_SEARCH_WARMUP = Duration.ofSeconds(10);

    static final String USAGE = """
            loadgen [--rate 200/s] [--duration 30s] [--ramp 5s] [--warmup 0s] [--subscribers 10] [--names ONS_DIR]
                    [--slo http.p99<50ms,freshness.p99<100ms,errors<1%,achieved>95%] [--out bench/loadgen]
                    [--registration-url http://localhost:8081] [--stream-url http://localhost:8082]
                    [--ranking-url http://localhost:8083] [--seed 42] [--settle 30s] [--find-max 5000/s]
            --find-max CEILING: from --rate, run again and again at higher rates (x1.5, then halving the
            gap to 5%) up to CEILING, and print the highest rate at which the SLOs held and the books
            balanced, with every step""";

    private static final Set<String> NAMES = Set.of(
            "registration-url",
            "stream-url",
            "ranking-url",
            "rate",
            "duration",
            "ramp",
            "warmup",
            "subscribers",
            "names",
            "slo",
            "out",
            "seed",
            "settle",
            "find-max");

    static Options parse(String[] args) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i] + "\n" + USAGE);
            }
            if (!NAMES.contains(args[i].substring(2))) {
                throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
            given.put(args[i].substring(2), args[++i]);
        }
        Options options = new Options(
                URI.create(given.getOrDefault("registration-url", "http://localhost:8081")),
                URI.create(given.getOrDefault("stream-url", "http://localhost:8082")),
                URI.create(given.getOrDefault("ranking-url", "http://localhost:8083")),
                rate(given.getOrDefault("rate", "200/s")),
                duration(given.getOrDefault("duration", "30s")),
                duration(given.getOrDefault("ramp", "5s")),
                duration(given.getOrDefault("warmup", "0s")),
                Integer.parseInt(given.getOrDefault("subscribers", "10")),
                given.containsKey("names") ? Path.of(given.get("names")) : null,
                Slo.parseAll(given.getOrDefault("slo", "")),
                Path.of(given.getOrDefault("out", "bench/loadgen")),
                Long.parseLong(given.getOrDefault("seed", "42")),
                duration(given.getOrDefault("settle", "30s")),
                given.containsKey("find-max") ? rate(given.get("find-max")) : 0);
        if (options.rate() <= 0
                || options.duration().isZero()
                || options.ramp().compareTo(options.warmup().plus(options.duration())) > 0) {
            throw new IllegalArgumentException(
                    "need a positive rate and a ramp no longer than the warm-up and the duration\n" + USAGE);
        }
        if (given.containsKey("find-max") && options.findMax() < Math.max(1, options.rate())) {
            throw new IllegalArgumentException("--find-max must be at least --rate (and 1/s)\n" + USAGE);
        }
        // A rate that breaks is never tried again: a cold JVM's first seconds must not be what breaks it.
        if (given.containsKey("find-max") && options.warmup().compareTo(MIN_SEARCH_WARMUP) < 0) {
            throw new IllegalArgumentException(
                    "--find-max needs a --warmup of at least " + MIN_SEARCH_WARMUP.toSeconds()
                            + "s: each step's verdict is final, and a service's first seconds are slow\n" + USAGE);
        }
        return options;
    }

    /** The same load at another rate: one step of a capacity search. */
    Options atRate(double newRate) {
        return new Options(
                registrationUrl,
                streamUrl,
                rankingUrl,
                newRate,
                duration,
                ramp,
                warmup,
                subscribers,
                names,
                slos,
                out,
                seed,
                settle,
                0);
    }

    /** {@code 2000/s}, {@code 2000}, or {@code 120000/m}. */
    static double rate(String text) {
        String value = text.strip();
        if (value.endsWith("/s")) {
            return Double.parseDouble(value.substring(0, value.length() - 2));
        }
        if (value.endsWith("/m")) {
            return Double.parseDouble(value.substring(0, value.length() - 2)) / 60;
        }
        return Double.parseDouble(value);
    }

    /** {@code 500ms}, {@code 30s}, {@code 2m}. */
    static Duration duration(String text) {
        String value = text.strip();
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        long number = Long.parseLong(value.substring(0, value.length() - 1));
        return switch (value.charAt(value.length() - 1)) {
            case 's' -> Duration.ofSeconds(number);
            case 'm' -> Duration.ofMinutes(number);
            case 'h' -> Duration.ofHours(number);
            default -> throw new IllegalArgumentException("a duration like 500ms, 30s or 2m, not " + text);
        };
    }
}
