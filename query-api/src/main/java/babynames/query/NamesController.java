package babynames.query;

import babynames.events.NameRules;
import babynames.events.Sex;
import babynames.support.CorrelationFilter;
import babynames.support.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /names/{name}?sex=}: one name's count and rank, asked of ranking-service (which owns
 * the counts) with a short timeout behind a circuit breaker, so a ranking-service outage gets a
 * quick 503 here instead of piling up waiting requests.
 */
@Controller
final class NamesController {
    private static final Logger LOG = LoggerFactory.getLogger(NamesController.class);

    private final RankingClient ranking;
    private final CircuitBreaker breaker;

    NamesController(RankingClient ranking, RankingBreaker breaker) {
        this.ranking = ranking;
        this.breaker = breaker.breaker();
    }

    @Get("/names/{name}")
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<String> name(HttpRequest<?> request, String name, @Nullable @QueryValue String sex) {
        Sex parsedSex = Sex.fromWireName(sex == null ? "" : sex)
                .orElseThrow(() -> Problem.of("invalid-sex", "Invalid sex", 400, "add ?sex=male or ?sex=female")
                        .toException());
        String normalised = NameRules.normalise(name);
        if (!breaker.tryAcquire()) {
            throw unavailable("ranking-service keeps failing, so it is not asked for a while");
        }
        try {
            HttpResponse<String> answer = ranking.name(parsedSex.wireName(), normalised, CorrelationFilter.of(request));
            return relay(answer.code(), answer.body(), normalised, parsedSex);
        } catch (HttpClientResponseException e) {
            return relay(e.code(), null, normalised, parsedSex);
        } catch (HttpClientException e) {
            breaker.onFailure();
            LOG.warn("ranking-service did not answer: {}", e.getMessage());
            throw unavailable("ranking-service did not answer in time");
        }
    }

    /** Turns ranking-service's answer into this service's; only its server errors count against it. */
    private HttpResponse<String> relay(int status, String body, String name, Sex sex) {
        if (status >= 500) {
            breaker.onFailure();
            throw unavailable("ranking-service answered " + status);
        }
        breaker.onSuccess();
        if (status == 404) {
            throw Problem.of("unknown-name", "Unknown name", 404, name + " (" + sex + ") has not been registered")
                    .toException();
        }
        if (status >= 300 || body == null) {
            throw Problem.of("bad-request", "Bad Request", 400, "ranking-service refused the request")
                    .toException();
        }
        return HttpResponse.ok(body).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private RuntimeException unavailable(String why) {
        return Problem.of("ranking-unavailable", "Ranking unavailable", 503, why + "; the top 10 at /top10 still works")
                .toException()
                .withHeader("Retry-After", String.valueOf(breaker.retryAfter().toSeconds()));
    }
}
