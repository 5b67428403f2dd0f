package babynames.testsupport;

import babynames.embedded.Database;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.kafka.KafkaContainer;

/** Kafka (the official Apache image, KRaft) and PostgreSQL in containers, for machines with Docker. */
final class ContainerBackingServices implements BackingServices {
    static final String KAFKA_IMAGE = "apache/kafka:4.1.0";
    static final String POSTGRES_IMAGE = "postgres:17-alpine";

    private final KafkaContainer kafka;
    private final PostgreSQLContainer<?> postgres;

    private ContainerBackingServices(KafkaContainer kafka, PostgreSQLContainer<?> postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
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
        String url = postgres.getJdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
        return new Database(url, postgres.getUsername(), postgres.getPassword());
    }

    private void stop() {
        kafka.stop();
        postgres.stop();
    }
}
