package babynames.events;

/** The names of the Kafka topics the services talk through (SPEC section 3). */
public final class Topics {
    /** Every accepted registration, keyed {@code sex:NAME}. */
    public static final String BABY_REGISTRATIONS = "baby-registrations";

    /** Records of {@link #BABY_REGISTRATIONS} that could not be counted, as received. */
    public static final String BABY_REGISTRATIONS_DLQ = "baby-registrations.dlq";

    /** Compacted: the latest top 10 of each sex, keyed by sex. */
    public static final String TOP10_CHANGED = "top10-changed";

    private Topics() {}
}
