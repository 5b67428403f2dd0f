package babynames.events;

/**
 * The topic names one deployment uses: the names in {@link Topics}, behind an optional prefix, so
 * several deployments (workshop groups, test runs) can share one Kafka cluster without mixing.
 */
public record TopicNames(String registrations, String registrationsDlq, String top10Changed) {
    public static final TopicNames DEFAULT = withPrefix("");

    public static TopicNames withPrefix(String prefix) {
        String p = prefix == null ? "" : prefix;
        return new TopicNames(
                p + Topics.BABY_REGISTRATIONS, p + Topics.BABY_REGISTRATIONS_DLQ, p + Topics.TOP10_CHANGED);
    }
}
