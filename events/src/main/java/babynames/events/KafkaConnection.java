package babynames.events;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where Kafka is and how to connect to it: the bootstrap servers, and client settings taken from
 * the environment the way the common Kafka images take theirs, {@code KAFKA_} and the property in
 * upper snake case ({@code KAFKA_SECURITY_PROTOCOL} is {@code security.protocol},
 * {@code KAFKA_SASL_JAAS_CONFIG} is {@code sasl.jaas.config}, {@code KAFKA_SSL_TRUSTSTORE_LOCATION}
 * is {@code ssl.truststore.location}). Every producer, consumer and admin client of every service
 * is made from one of these, so a secured cluster (every managed one) is one set of variables.
 *
 * <p>What a client sets for its own guarantees (acks, idempotence, isolation, offsets) is applied
 * after these and cannot be changed from outside.
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> settings) {

    /** This system's own {@code KAFKA_} variables: configuration, not client properties. */
    static final Set<String> OWN_VARIABLES = Set.of(
            "KAFKA_BOOTSTRAP_SERVERS",
            "KAFKA_TOPIC_PREFIX",
            "KAFKA_REGISTRATION_PARTITIONS",
            "KAFKA_GROUP_ID",
            "KAFKA_MAX_POLL_RECORDS",
            "KAFKA_SESSION_TIMEOUT");

    private static final String PREFIX = "KAFKA_";

    public KafkaConnection {
        settings = Map.copyOf(settings);
    }

    /** A connection with no settings beyond the servers: a plaintext, unauthenticated broker. */
    public static KafkaConnection plaintext(String bootstrapServers) {
        return new KafkaConnection(bootstrapServers, Map.of());
    }

    /** The servers, with every {@code KAFKA_} variable of {@code environment} that names a client property. */
    public static KafkaConnection fromEnvironment(String bootstrapServers, Map<String, String> environment) {
        Map<String, String> settings = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length() && !OWN_VARIABLES.contains(name)) {
                settings.put(
                        name.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return new KafkaConnection(bootstrapServers, settings);
    }

    /** Client properties: these settings and the servers, then {@code own} on top. */
    public Properties properties(Map<String, ?> own) {
        Properties props = new Properties();
        props.putAll(settings);
        props.put("bootstrap.servers", bootstrapServers);
        props.putAll(own);
        return props;
    }

    /** The servers and the names of the settings, never their values (a JAAS config holds a password). */
    @Override
    public String toString() {
        return settings.isEmpty() ? bootstrapServers : bootstrapServers + " with " + settings.keySet();
    }
}
