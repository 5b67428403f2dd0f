package babynames.localstack;

import babynames.embedded.Database;
import babynames.localstack.ServiceStack.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The command line and environment of the local stack. */
record LocalStackOptions(
        boolean fresh,
        Path dataDir,
        List<Import> imports,
        String kafkaBootstrapServers,
        Database database,
        int kafkaPort,
        int dbPort,
        Map<Service, Integer> replicas,
        int portOffset,
        JitMode jit) {
    static final String USAGE = """
            usage: ./run-local.sh [--fresh] [--import DIR] [--data DIR] [--replicas SERVICE=N,...]
              --fresh        wipe the data of earlier runs first
              --import DIR   load the ONS baseline: DIR/boys_2015.csv (male) and DIR/girls_2015.csv (female)
              --data DIR     where the broker and database keep their data (default .local-stack)
              --replicas ... run several processes of a service, e.g. ranking=3,stream=2
                             (registration, ranking, query, stream; replica n on the port + 100 * (n - 1))
            environment: KAFKA_BOOTSTRAP_SERVERS or DB_URL/DB_USER/DB_PASSWORD use servers you run;
                         LOCAL_KAFKA_PORT (9092) and LOCAL_DB_PORT (5432) move the embedded ones;
                         LOCAL_PORT_OFFSET (0) is added to every service's port (8080-8083);
                         LOCAL_CLASS_CACHE (on) keeps each service's class data from its first run
                         (written when it stops) for faster starts: off to start without;
                         LOCAL_JIT (tiered) c1 compiles with C1 only: a fresh stack is past its slow
                         first seconds sooner on 2 cores, and slower at peak""";

    /** One ONS file and the sex it counts. */
    record Import(Path path, String sex) {}

    static LocalStackOptions parse(String[] args, Map<String, String> env) {
        boolean fresh = false;
        Path dataDir = Path.of(".local-stack");
        List<Import> imports = new ArrayList<>();
        Map<Service, Integer> replicas = new EnumMap<>(Service.class);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fresh" -> fresh = true;
                case "--data" -> dataDir = Path.of(value(args, ++i, "--data"));
                case "--import" -> imports.addAll(onsFiles(Path.of(value(args, ++i, "--import"))));
                case "--replicas" -> replicas.putAll(replicas(value(args, ++i, "--replicas")));
                default -> throw new IllegalArgumentException("Unknown argument: " + args[i]);
            }
        }
        Database database = env.containsKey("DB_URL")
                ? new Database(
                        env.get("DB_URL"), env.getOrDefault("DB_USER", "postgres"), env.getOrDefault("DB_PASSWORD", ""))
                : null;
        return new LocalStackOptions(
                fresh,
                dataDir,
                List.copyOf(imports),
                env.get("KAFKA_BOOTSTRAP_SERVERS"),
                database,
                Integer.parseInt(env.getOrDefault("LOCAL_KAFKA_PORT", "9092")),
                Integer.parseInt(env.getOrDefault("LOCAL_DB_PORT", "5432")),
                Map.copyOf(replicas),
                Integer.parseInt(env.getOrDefault("LOCAL_PORT_OFFSET", "0")),
                JitMode.fromEnvironment(env));
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    /** {@code ranking=3,stream=2}: a count from 1 to 9 per service, by its short or its full name. */
    static Map<Service, Integer> replicas(String spec) {
        Map<Service, Integer> counts = new EnumMap<>(Service.class);
        for (String part : spec.split(",")) {
            String[] nameAndCount = part.trim().split("=");
            if (nameAndCount.length != 2) {
                throw new IllegalArgumentException("--replicas takes SERVICE=N,... (got '" + part + "')");
            }
            Service service = Arrays.stream(Service.values())
                    .filter(s ->
                            s.artifact().equals(nameAndCount[0]) || s.artifact().startsWith(nameAndCount[0] + "-"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--replicas: no service called '" + nameAndCount[0]
                            + "' (registration, ranking, query or stream)"));
            int count;
            try {
                count = Integer.parseInt(nameAndCount[1]);
            } catch (NumberFormatException e) {
                count = 0;
            }
            if (count < 1 || count > 9) {
                throw new IllegalArgumentException("--replicas: " + nameAndCount[0] + " needs a count from 1 to 9");
            }
            counts.put(service, count);
        }
        return counts;
    }

    private static List<Import> onsFiles(Path dir) {
        Path boys = dir.resolve("boys_2015.csv");
        Path girls = dir.resolve("girls_2015.csv");
        if (!Files.isReadable(boys) || !Files.isReadable(girls)) {
            throw new IllegalArgumentException("--import " + dir + " needs boys_2015.csv and girls_2015.csv in it");
        }
        return List.of(new Import(boys.toAbsolutePath(), "male"), new Import(girls.toAbsolutePath(), "female"));
    }
}
