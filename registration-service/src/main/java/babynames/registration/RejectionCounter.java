package babynames.registration;

import babynames.support.Problem;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/** Counts every refused request by its problem type, whoever raised it (this service or Micronaut). */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class RejectionCounter {
    private final RegistrationMetrics metrics;

    RejectionCounter(RegistrationMetrics metrics) {
        this.metrics = metrics;
    }

    @ResponseFilter
    void count(MutableHttpResponse<?> response) {
        if (response.code() >= 400 && response.getBody().orElse(null) instanceof Problem problem) {
            metrics.rejected(problem.type().substring(problem.type().lastIndexOf('/') + 1));
        }
    }
}
