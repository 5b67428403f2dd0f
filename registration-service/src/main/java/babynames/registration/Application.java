package babynames.registration;

import io.micronaut.runtime.Micronaut;

/** registration-service: accepts registrations over HTTP and publishes them to Kafka. */
public final class Application {
    private Application() {}

    public static void main(String[] args) {
        Micronaut.build(args).banner(false).classes(Application.class).start();
    }
}
