package babynames.testsupport;

import babynames.embedded.Database;
import babynames.embedded.EmbeddedKafka;
import babynames.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/** An in-JVM KRaft broker and an embedded PostgreSQL, both real servers, started side by side. */
final class EmbeddedBackingServices implements BackingServices {
    private final EmbeddedKafka kafka;
    private final EmbeddedPostgres postgres;

    private EmbeddedBackingServices(EmbeddedKafka kafka, EmbeddedPostgres postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    static EmbeddedBackingServices start() {
        try {
            Path kafkaDir = Files.createTempDirectory("babynames-kafka");
            var postgres = CompletableFuture.supplyAsync(() -> EmbeddedPostgres.start(null, 0));
            EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir, 0);
            var services = new EmbeddedBackingServices(kafka, postgres.join());
            Runtime.getRuntime().addShutdownHook(new Thread(services::stop, "backing-services-stop"));
            return services;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public Database newDatabase() {
        return postgres.createDatabase(BackingServices.uniqueName("test"));
    }

    private void stop() {
        kafka.close();
        postgres.close();
    }
}
