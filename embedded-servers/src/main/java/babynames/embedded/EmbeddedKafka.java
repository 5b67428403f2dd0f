package babynames.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller) running inside
 * this JVM, from the Apache Kafka server artifacts. Its log directory survives a restart, so a
 * second start with the same directory keeps every topic and offset.
 */
public final class EmbeddedKafka implements AutoCloseable {
    /** The SCRAM mechanism of a secured broker. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-256";

    private static final String BROKER_USER = "broker";
    private static final String BROKER_PASSWORD = "broker-secret";

    private final KafkaRaftServer server;
    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private final Credentials client;

    /** A user of a secured broker. */
    public record Credentials(String user, String password) {
        /** The {@code sasl.jaas.config} a client logs in with. */
        public String jaasConfig() {
            return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                    + "\" password=\"" + password + "\";";
        }
    }

    private EmbeddedKafka(KafkaRaftServer server, Path logDir, int port, int controllerPort, Credentials client) {
        this.server = server;
        this.logDir = logDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.client = client;
    }

    /** Formats {@code logDir} if it is new, then starts the broker on {@code port} (0 picks a free one). */
    public static EmbeddedKafka start(Path logDir, int port) {
        List<Integer> free = FreePorts.next(2);
        return start(logDir, port == 0 ? free.get(0) : port, free.get(1), null);
    }

    /**
     * The same broker, but clients must authenticate with SASL/SCRAM-SHA-256 (over plaintext) as
     * {@code client}, the way a managed cluster asks them to.
     */
    public static EmbeddedKafka startSecured(Path logDir, Credentials client) {
        List<Integer> free = FreePorts.next(2);
        return start(logDir, free.get(0), free.get(1), client);
    }

    private static EmbeddedKafka start(Path logDir, int brokerPort, int controllerPort, Credentials client) {
        KafkaConfig config = KafkaConfig.fromProps(serverProperties(logDir, brokerPort, controllerPort, client), false);
        formatIfNew(logDir, client);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        return new EmbeddedKafka(server, logDir, brokerPort, controllerPort, client);
    }

    /** A new broker on the same ports and log directory, after {@link #close()}: a broker outage ends. */
    public EmbeddedKafka restart() {
        return start(logDir, port, controllerPort, client);
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static Properties serverProperties(Path logDir, int brokerPort, int controllerPort, Credentials client) {
        Properties props = new Properties();
        String protocol = client == null ? "PLAINTEXT" : "SASL_PLAINTEXT";
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        props.put("listeners", protocol + "://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
        props.put("advertised.listeners", protocol + "://localhost:" + brokerPort);
        props.put("listener.security.protocol.map", protocol + ":" + protocol + ",CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", protocol);
        if (client != null) {
            props.put("sasl.enabled.mechanisms", SCRAM_MECHANISM);
            props.put("sasl.mechanism.inter.broker.protocol", SCRAM_MECHANISM);
            props.put(
                    "listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config",
                    new Credentials(BROKER_USER, BROKER_PASSWORD).jaasConfig());
        }
        props.put("log.dirs", logDir.toAbsolutePath().toString());
        props.put("num.partitions", "3");
        props.put("auto.create.topics.enable", "false");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "3");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
        // Look for logs to compact every second (default 15 s), so tests of compaction stay short.
        props.put("log.cleaner.backoff.ms", "1000");
        return props;
    }

    private static void formatIfNew(Path logDir, Credentials client) {
        try {
            if (Files.exists(logDir.resolve("meta.properties"))) {
                return;
            }
            Files.createDirectories(logDir);
            new Formatter()
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(1)
                    .addDirectory(logDir.toAbsolutePath().toString())
                    .setMetadataLogDirectory(logDir.toAbsolutePath().toString())
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setControllerListenerName("CONTROLLER")
                    // A secured broker's users exist from the start, the broker's own among them.
                    .setScramArguments(
                            client == null
                                    ? List.of()
                                    : List.of(
                                            scramUser(BROKER_USER, BROKER_PASSWORD),
                                            scramUser(client.user(), client.password())))
                    .run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not format the Kafka log directory " + logDir, e);
        }
    }

    private static String scramUser(String user, String password) {
        return SCRAM_MECHANISM + "=[name=" + user + ",password=" + password + "]";
    }
}
