package babynames.testsupport;

import babynames.embedded.Database;
import babynames.embedded.EmbeddedKafka;
import babynames.embedded.EmbeddedPostgres;
import babynames.embedded.ScratchDirectory;
import java.util.concurrent.CompletableFuture;

/** An in-JVM KRaft broker and an embedded PostgreSQL, both real servers, started side by side. */
final class EmbeddedBackingServices implements BackingServices {
    private final ScratchDirectory kafkaDir;
    private final EmbeddedKafka kafka;
    private final EmbeddedPostgres postgres;

    private EmbeddedBackingServices(ScratchDirectory kafkaDir, EmbeddedKafka kafka, EmbeddedPostgres postgres) {
        this.kafkaDir = kafkaDir;
        this.kafka = kafka;
        this.postgres = postgres;
    }

    static EmbeddedBackingServices start() {
        ScratchDirectory kafkaDir = ScratchDirectory.create("babynames-kafka");
        var postgres = CompletableFuture.supplyAsync(() -> EmbeddedPostgres.start(null, 0));
        EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir.path(), 0);
        var services = new EmbeddedBackingServices(kafkaDir, kafka, postgres.join());
        Runtime.getRuntime().addShutdownHook(new Thread(services::stop, "backing-services-stop"));
        return services;
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
        kafkaDir.close();
    }
}
