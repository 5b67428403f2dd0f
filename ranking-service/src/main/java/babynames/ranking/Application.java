package babynames.ranking;

import babynames.ranking.admin.AdminCommands;
import io.micronaut.runtime.Micronaut;

/**
 * ranking-service. With no arguments it is the long-running service (consume, count, publish);
 * with {@code migrate}, {@code import} or {@code rebuild} it is a one-off admin process (factor XII).
 */
public final class Application {
    private Application() {}

    public static void main(String[] args) {
        if (args.length > 0 && AdminCommands.isCommand(args[0])) {
            System.exit(AdminCommands.run(args));
        }
        Micronaut.build(args).banner(false).classes(Application.class).start();
    }
}
