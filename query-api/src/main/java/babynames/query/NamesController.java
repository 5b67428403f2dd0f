package babynames.query;

import babynames.events.NameRules;
import babynames.events.Sex;
import babynames.support.CorrelationFilter;
import babynames.support.Problem;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
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
    private final RankingBreaker breaker;

    NamesController(RankingClient ranking, RankingBreaker breaker) {
        this.ranking = ranking;
        this.breaker = breaker;
    }

    /** What ranking-service answered, short of a server error (which is a failure, thrown). */
    private record Answer(int status, String body) {}

    /** ranking-service answered with a server error: a failure for the breaker. */
    private static final class RankingFailed extends RuntimeException {
        RankingFailed(int status) {
            super("ranking-service answered " + status, null, false, false);
        }
    }

    @Get("/names/{name}")
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<String> name(HttpRequest<?> request, String name, @Nullable @QueryValue String sex) {
        Sex parsedSex = Sex.fromWireName(sex == null ? "" : sex)
                .orElseThrow(() -> Problem.of("invalid-sex", "Invalid sex", 400, "add ?sex=male or ?sex=female")
                        .toException());
        String normalised = NameRules.normalise(name);
        String correlationId = CorrelationFilter.of(request);
        Answer answer;
        try {
            answer = breaker.call(() -> ask(parsedSex, normalised, correlationId));
        } catch (CallNotPermittedException e) {
            throw unavailable("ranking-service keeps failing, so it is not asked for a while");
        } catch (RankingFailed e) {
            throw unavailable(e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("ranking-service did not answer: {}", e.toString());
            throw unavailable("ranking-service did not answer in time");
        }
        return relay(answer, normalised, parsedSex);
    }

    private Answer ask(Sex sex, String name, String correlationId) {
        try {
            HttpResponse<String> answer = ranking.name(sex.wireName(), name, correlationId);
            return checked(answer.code(), answer.body());
        } catch (HttpClientResponseException e) {
            return checked(e.code(), null);
        }
    }

    private static Answer checked(int status, String body) {
        if (status >= 500) {
            throw new RankingFailed(status);
        }
        return new Answer(status, body);
    }

    /** Turns ranking-service's answer into this service's. */
    private static HttpResponse<String> relay(Answer answer, String name, Sex sex) {
        if (answer.status() == 404) {
            throw Problem.of("unknown-name", "Unknown name", 404, name + " (" + sex + ") has not been registered")
                    .toException();
        }
        if (answer.status() >= 300 || answer.body() == null) {
            throw Problem.of("bad-request", "Bad Request", 400, "ranking-service refused the request")
                    .toException();
        }
        return HttpResponse.ok(answer.body()).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private RuntimeException unavailable(String why) {
        return Problem.of("ranking-unavailable", "Ranking unavailable", 503, why + "; the top 10 at /top10 still works")
                .toException()
                .withHeader("Retry-After", String.valueOf(breaker.retryAfter().toSeconds()));
    }
}
