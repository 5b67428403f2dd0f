package babynames.systemtests;

import babynames.embedded.Database;
import babynames.embedded.EmbeddedKafka;
import babynames.embedded.EmbeddedPostgres;
import babynames.embedded.ScratchDirectory;
import babynames.testsupport.TestNames;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A broker and a PostgreSQL of the fault tests' own (embedded, real), which they stop and start
 * again on the same ports and data; the backing services shared by the rest of the JVM stay up.
 */
final class FaultBacking implements AutoCloseable {
    private final ScratchDirectory root = ScratchDirectory.create("faults");
    private final Path kafkaDir;
    private final Path databaseDir;
    private EmbeddedKafka kafka;
    private EmbeddedPostgres postgres;
    private final int databasePort;

    FaultBacking() {
        this.kafkaDir = root.resolve("kafka");
        this.databaseDir = root.resolve("postgres");
        this.kafka = EmbeddedKafka.start(kafkaDir, 0);
        this.postgres = EmbeddedPostgres.start(databaseDir, 0);
        this.databasePort = postgres.port();
    }

    String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    Database newDatabase() {
        return postgres.createDatabase("faults_" + TestNames.unique().toLowerCase(Locale.ROOT));
    }

    void stopKafka() {
        kafka.close();
    }

    void startKafka() {
        kafka = kafka.restart();
    }

    void stopDatabase() {
        postgres.close();
    }

    void startDatabase() {
        postgres = EmbeddedPostgres.start(databaseDir, databasePort);
    }

    @Override
    public void close() {
        kafka.close();
        postgres.close();
        root.close();
    }
}
