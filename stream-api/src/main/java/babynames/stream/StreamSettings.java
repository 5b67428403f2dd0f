package babynames.stream;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * What one instance of the stream allows, from {@code babynames.stream.*} (the {@code SSE_*}
 * variables): each bound turns a caller's request into a clear answer instead of unbounded work.
 *
 * @param keepAliveInterval how often a quiet stream gets a keep-alive comment
 * @param clientBuffer events one client may have waiting before it is cut off (an {@code overflow} event)
 * @param clientBufferBytes the same bound in bytes
 * @param socketSendBuffer the operating system's send buffer of a stream's connection, in bytes
 * @param endingGrace how long a stream that ended waits for its client to read the last event
 * @param maxClients connected clients; beyond it a new one gets 503 with Retry-After
 * @param maxReplays replays reading Kafka at once
 * @param maxQueuedReplays replays waiting for their turn; beyond it a resume gets 503 with Retry-After
 * @param maxReplayEvents how far back a resume is replayed; further back it gets a {@code gap} event, then live
 * @param maxReplayDuration how long one replay may take before the client is told to reconnect
 */
@ConfigurationProperties("babynames.stream")
record StreamSettings(
        Duration keepAliveInterval,
        int clientBuffer,
        int clientBufferBytes,
        int socketSendBuffer,
        Duration endingGrace,
        int maxClients,
        int maxReplays,
        int maxQueuedReplays,
        long maxReplayEvents,
        Duration maxReplayDuration) {

    ClientStream.Bounds clientBounds() {
        return new ClientStream.Bounds(clientBuffer, clientBufferBytes, endingGrace);
    }
}
