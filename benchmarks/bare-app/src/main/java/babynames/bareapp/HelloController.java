package babynames.bareapp;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** {@code GET /}: the app is ready when this answers. */
@Controller
final class HelloController {
    @Get
    String hello() {
        return "ready";
    }
}
