package babynames.registration;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/** registration-service: accepts registrations over HTTP and publishes them to Kafka. */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "registration-service",
                        version = "1",
                        description =
                                "Registers babies: POST /baby for one, POST /babies for up to 1,000 (all or none)."))
public final class Application {
    private Application() {}

    public static void main(String[] args) {
        Micronaut.build(args).banner(false).classes(Application.class).start();
    }
}
