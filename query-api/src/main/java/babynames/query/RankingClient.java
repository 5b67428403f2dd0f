package babynames.query;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.client.annotation.Client;

/** ranking-service's names endpoint; its address and timeouts are in {@code micronaut.http.services.ranking}. */
@Client(id = "ranking")
interface RankingClient {
    /** The ranking's JSON answer as it is: this service passes it on without a copy of its type. */
    @Get("/names/{sex}/{name}")
    HttpResponse<String> name(String sex, String name, @Header("X-Correlation-ID") String correlationId);
}
