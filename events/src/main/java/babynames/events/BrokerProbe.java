package babynames.events;

import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Asks the broker, without blocking the caller, whether it answers right now: for readiness checks. */
public final class BrokerProbe implements AutoCloseable {
    private static final int TIMEOUT_MS = 2000;
    private final Admin admin;

    public BrokerProbe(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "broker-probe");
        this.admin = Admin.create(props);
    }

    /** Completes with true when the broker named its cluster within two seconds, false otherwise. */
    public CompletableFuture<Boolean> answers() {
        return admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS))
                .clusterId()
                .toCompletionStage()
                .toCompletableFuture()
                .handle((clusterId, error) -> error == null && clusterId != null);
    }

    @Override
    public void close() {
        admin.close();
    }
}
