package babynames.registration;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.netty.NettyHttpRequest;
import java.util.concurrent.Executor;

/**
 * The event loop that owns a request's connection, for finishing its answer there. Kafka
 * acknowledges on the producer's one network thread; an answer built on that thread (JSON, filters,
 * the write) would make it the bottleneck of the whole service, and it would still hand the write
 * to the connection's event loop. So the answer hops there once, and everything else is inline.
 */
final class ConnectionThread {
    private ConnectionThread() {}

    static Executor of(HttpRequest<?> request) {
        if (request instanceof NettyHttpRequest<?> netty) {
            return netty.getChannelHandlerContext().executor();
        }
        return Runnable::run;
    }
}
