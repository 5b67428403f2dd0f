package babynames.query;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/** query-api: serves the top 10 from a read model of {@code top10-changed}. */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "query-api",
                        version = "1",
                        description = "The top 10 boys' and girls' names, and one name's count and rank."))
public final class Application {
    private Application() {}

    public static void main(String[] args) {
        Micronaut.build(args).banner(false).classes(Application.class).start();
    }
}
