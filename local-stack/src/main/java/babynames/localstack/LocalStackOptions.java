package babynames.localstack;

import babynames.embedded.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        int dbPort) {
    static final String USAGE = """
            usage: ./run-local.sh [--fresh] [--import DIR] [--data DIR]
              --fresh       wipe the data of earlier runs first
              --import DIR  load the ONS baseline: DIR/boys_2015.csv (male) and DIR/girls_2015.csv (female)
              --data DIR    where the broker and database keep their data (default .local-stack)
            environment: KAFKA_BOOTSTRAP_SERVERS or DB_URL/DB_USER/DB_PASSWORD use servers you run;
                         LOCAL_KAFKA_PORT (9092) and LOCAL_DB_PORT (5432) move the embedded ones""";

    /** One ONS file and the sex it counts. */
    record Import(Path path, String sex) {}

    static LocalStackOptions parse(String[] args, Map<String, String> env) {
        boolean fresh = false;
        Path dataDir = Path.of(".local-stack");
        List<Import> imports = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fresh" -> fresh = true;
                case "--data" -> dataDir = Path.of(value(args, ++i, "--data"));
                case "--import" -> imports.addAll(onsFiles(Path.of(value(args, ++i, "--import"))));
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
                Integer.parseInt(env.getOrDefault("LOCAL_DB_PORT", "5432")));
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
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
