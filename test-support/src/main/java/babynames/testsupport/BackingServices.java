package babynames.testsupport;

import babynames.embedded.Database;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real Kafka broker and PostgreSQL server a test runs against, started once per test JVM and
 * shared: each test asks for its own database (and uses its own names or topics), never a fresh
 * server. Containers when a Docker engine answers and has (or can pull) both images, the embedded
 * servers otherwise, so an engine that reaches no registry never fails the suite; set
 * {@code BABYNAMES_BACKING_SERVICES=embedded|containers} to choose.
 */
public interface BackingServices {
    String kafkaBootstrapServers();

    /** A new, empty database that only the caller uses. */
    Database newDatabase();

    /** The shared instance of this JVM, started on first use and stopped when the JVM exits. */
    static BackingServices shared() {
        return Shared.INSTANCE;
    }

    static String uniqueName(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    final class Shared {
        private static final Logger LOG = LoggerFactory.getLogger(BackingServices.class);
        static final BackingServices INSTANCE = start();

        private Shared() {}

        private static BackingServices start() {
            String choice = System.getenv()
                    .getOrDefault("BABYNAMES_BACKING_SERVICES", "auto")
                    .toLowerCase(Locale.ROOT);
            String why = switch (choice) {
                case "containers" -> null;
                case "embedded" -> "BABYNAMES_BACKING_SERVICES=embedded";
                default -> ContainerBackingServices.whyNot();
            };
            long start = System.nanoTime();
            BackingServices services = why == null ? ContainerBackingServices.start() : EmbeddedBackingServices.start();
            LOG.info(
                    "Backing services ({}) ready in {} ms: Kafka at {}",
                    why == null ? "containers" : "embedded: " + why,
                    (System.nanoTime() - start) / 1_000_000,
                    services.kafkaBootstrapServers());
            return services;
        }
    }
}
