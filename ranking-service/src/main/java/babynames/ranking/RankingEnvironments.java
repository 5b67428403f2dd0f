package babynames.ranking;

/** Micronaut environment names this service uses. */
public final class RankingEnvironments {
    /** Set for one-off admin processes: no consumer, no relay, no HTTP server. */
    public static final String ADMIN = "admin";

    private RankingEnvironments() {}
}
