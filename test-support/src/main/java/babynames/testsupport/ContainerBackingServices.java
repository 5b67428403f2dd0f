package babynames.testsupport;

import babynames.embedded.Database;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.TestcontainersConfiguration;

/** Kafka (the official Apache image, KRaft) and PostgreSQL in containers, for machines with Docker. */
final class ContainerBackingServices implements BackingServices {
    /** The broker at the clients' own version, as everywhere in this repository. */
    static final String KAFKA_IMAGE = "apache/kafka:" + AppInfoParser.getVersion();

    static final String POSTGRES_IMAGE = "postgres:17-alpine";
    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(5);

    private final KafkaContainer kafka;
    private final PostgreSQLContainer<?> postgres;

    private ContainerBackingServices(KafkaContainer kafka, PostgreSQLContainer<?> postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    /**
     * Why the containers cannot be used here, or null when they can: a Docker engine answers and
     * has the images (Kafka's, PostgreSQL's and Testcontainers' own Ryuk), or pulls them now. The
     * engine is asked directly: Testcontainers' own client (and its isDockerAvailable) starts Ryuk
     * first, retrying the pull of its image for minutes where no registry answers.
     */
    @SuppressWarnings("deprecation") // getRyukImage: the image Testcontainers will start, whatever its version
    static String whyNot() {
        Optional<DockerClient> engine = engine();
        if (engine.isEmpty()) {
            return "no Docker engine found";
        }
        List<String> images = List.of(
                KAFKA_IMAGE,
                POSTGRES_IMAGE,
                TestcontainersConfiguration.getInstance().getRyukImage());
        for (String image : images) {
            String missing = whyMissing(engine.get(), image);
            if (missing != null) {
                return "a Docker engine answers, but " + missing;
            }
        }
        return null;
    }

    /** Null when the engine has the image or pulls it now (one that reaches no registry fails at once). */
    static String whyMissing(DockerClient docker, String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return null;
        } catch (NotFoundException notHere) {
            try {
                boolean pulled =
                        docker.pullImageCmd(image).start().awaitCompletion(PULL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                return pulled ? null : image + " was not pulled within " + PULL_TIMEOUT;
            } catch (RuntimeException e) {
                return image + " is not here and cannot be pulled (" + e.getMessage() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while pulling " + image;
            }
        }
    }

    /** The engine Testcontainers would use, without starting Ryuk; empty where none answers. */
    static Optional<DockerClient> engine() {
        try {
            return Optional.of(DockerClientProviderStrategy.getClientForConfig(
                    DockerClientFactory.instance().getTransportConfig()));
        } catch (IllegalStateException noEngine) {
            return Optional.empty();
        }
    }

    static ContainerBackingServices start() {
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE).withEnv("KAFKA_LOG_CLEANER_BACKOFF_MS", "1000");
        PostgreSQLContainer<?> postgres =
                new PostgreSQLContainer<>(POSTGRES_IMAGE).withCommand("postgres", "-c", "max_connections=300");
        kafka.start();
        postgres.start();
        var services = new ContainerBackingServices(kafka, postgres);
        Runtime.getRuntime().addShutdownHook(new Thread(services::stop, "backing-services-stop"));
        return services;
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public Database newDatabase() {
        String name = BackingServices.uniqueName("test");
        try (var c = DriverManager.getConnection(
                        postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword());
                var s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        return new Database(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword()).sibling(name);
    }

    private void stop() {
        kafka.stop();
        postgres.stop();
    }
}
