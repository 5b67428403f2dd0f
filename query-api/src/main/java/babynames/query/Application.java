package babynames.query;

import io.micronaut.runtime.Micronaut;

/** query-api: serves the top 10 from a read model of {@code top10-changed}. */
public final class Application {
    private Application() {}

    public static void main(String[] args) {
        Micronaut.build(args).banner(false).classes(Application.class).start();
    }
}
