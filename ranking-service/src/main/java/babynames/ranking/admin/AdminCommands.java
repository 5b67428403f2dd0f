package babynames.ranking.admin;

import babynames.events.Sex;
import babynames.ranking.RankingEnvironments;
import babynames.ranking.SchemaMigration;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-off admin processes of ranking-service (factor XII), run from the same jar with the same
 * configuration as the service. Exit codes: 0 done, 1 failed, 2 wrong usage, 3 rebuild refused
 * because Kafka no longer holds the start of the topic.
 */
public final class AdminCommands {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    /** {@code rebuild} refused: Kafka no longer holds the start of the topic. */
    public static final int INCOMPLETE_LOG = 3;

    private static final Logger LOG = LoggerFactory.getLogger(AdminCommands.class);
    private static final Set<String> COMMANDS = Set.of("migrate", "import", "rebuild");
    private static final String USAGE_TEXT =
            "usage: migrate | import FILE --sex male|female | rebuild [--from-retained]";

    private AdminCommands() {}

    public static boolean isCommand(String word) {
        return COMMANDS.contains(word);
    }

    public static int run(String[] args) {
        try (ApplicationContext context = ApplicationContext.builder()
                .environments(RankingEnvironments.ADMIN)
                .deduceEnvironment(false)
                .banner(false)
                .start()) {
            SchemaMigration schema = context.getBean(SchemaMigration.class);
            return switch (args[0]) {
                case "migrate" -> migrate(schema);
                case "import" -> importFile(args, schema, context.getBean(BaselineImporter.class));
                case "rebuild" -> rebuild(args, schema, context.getBean(Rebuild.class));
                default -> usage("unknown command " + args[0]);
            };
        } catch (Exception e) {
            LOG.error("{} failed: {}", args[0], e.toString());
            return FAILED;
        }
    }

    private static int migrate(SchemaMigration schema) {
        schema.migrate();
        LOG.info("Schema up to date");
        return OK;
    }

    private static int importFile(String[] args, SchemaMigration schema, BaselineImporter importer) throws Exception {
        if (args.length != 4 || !"--sex".equals(args[2])) {
            return usage("import needs a file and --sex");
        }
        Path file = Path.of(args[1]);
        Sex sex = Sex.fromWireName(args[3]).orElse(null);
        if (sex == null) {
            return usage("--sex must be male or female, not " + args[3]);
        }
        if (!Files.isReadable(file)) {
            LOG.error("Cannot read {}", file);
            return FAILED;
        }
        var rows = OnsCsv.read(file);
        schema.migrate();
        boolean changed = importer.importBaseline(sex, rows, file.getFileName().toString());
        LOG.info("Imported {} {} names from {}; top 10 {}", rows.size(), sex, file, changed ? "changed" : "unchanged");
        return OK;
    }

    private static int rebuild(String[] args, SchemaMigration schema, Rebuild rebuild) throws Exception {
        boolean fromRetained = args.length == 2 && "--from-retained".equals(args[1]);
        if (args.length > 1 && !fromRetained) {
            return usage("rebuild takes only --from-retained");
        }
        schema.migrate();
        try {
            Rebuild.Outcome outcome = rebuild.run(fromRetained);
            if (outcome.incomplete().isEmpty()) {
                LOG.info("Rebuilt the counts from baby-registrations: {} registrations counted", outcome.counted());
            } else {
                LOG.warn(
                        "Rebuilt the counts from what Kafka still holds: {} registrations counted; {} partition(s)"
                                + " incomplete, their first offsets held: {}",
                        outcome.counted(),
                        outcome.incomplete().size(),
                        outcome.incomplete());
            }
            return OK;
        } catch (Rebuild.IncompleteLog e) {
            LOG.error("rebuild refused: {}", e.getMessage());
            return INCOMPLETE_LOG;
        }
    }

    private static int usage(String problem) {
        LOG.error("{}; {}", problem, USAGE_TEXT);
        return USAGE;
    }
}
