package babynames.registration;

import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.netty.NettyHttpRequest;
import java.util.concurrent.Executor;

/**
 * The event loop that owns a request's connection, for finishing its answer there. Kafka
 * acknowledges on the producer's one network thread; an answer built on that thread (JSON, filters,
 * the write) would make it the bottleneck of the whole service, and it would still hand the write
 * to the connection's event loop. So the answer hops there once, and everything else is inline.
 * The request's context (the correlation id in the logging MDC) goes with it.
 */
final class ConnectionThread {
    private ConnectionThread() {}

    static Executor of(HttpRequest<?> request) {
        PropagatedContext context = PropagatedContext.getOrEmpty();
        if (request instanceof NettyHttpRequest<?> netty) {
            Executor loop = netty.getChannelHandlerContext().executor();
            return task -> loop.execute(context.wrap(task));
        }
        return task -> context.wrap(task).run();
    }
}
