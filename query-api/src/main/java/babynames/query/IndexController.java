package babynames.query;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;

/** {@code GET /}: what this service offers, so a visitor can find the rest without the docs. */
@Controller
final class IndexController {
    private static final String INDEX = """
            {"service":"query-api","links":{"top10":"/top10","top10OfOneSex":"/top10?sex=female",\
            "name":"/names/{name}?sex=male","openapi":"/openapi/query-api-1.yml","health":"/health"}}""";

    @Get
    @Produces(MediaType.APPLICATION_JSON)
    String index() {
        return INDEX;
    }
}
