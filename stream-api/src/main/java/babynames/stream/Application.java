package babynames.stream;

import io.micronaut.runtime.Micronaut;

/** stream-api: registrations and top-10 changes as Server-Sent Events. */
public final class Application {
    private Application() {}

    public static void main(String[] args) {
        Micronaut.build(args).banner(false).classes(Application.class).start();
    }
}
