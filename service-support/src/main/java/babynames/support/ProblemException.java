package babynames.support;

import java.util.Map;

/** Ends a request with a problem+json answer. Carries no stack trace: it is an answer, not a bug. */
public final class ProblemException extends RuntimeException {
    private final Problem problem;
    private final Map<String, String> headers;

    ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    private ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.title() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = headers;
    }

    public ProblemException withHeader(String name, String value) {
        var more = new java.util.HashMap<>(headers);
        more.put(name, value);
        return new ProblemException(problem, Map.copyOf(more));
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
