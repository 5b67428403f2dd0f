package babynames.stream;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Writes a client's stream to its connection, one write in flight at a time: while a write is
 * out, what the feed brings waits in the {@link ClientStream}, and goes out together in the next
 * write. A connection whose socket buffer is full asks for more only once it has room again, so a
 * slow reader shows up as its stream's buffer filling (and, past its bound, an overflow).
 */
final class ChannelWriter implements Subscriber<SseFrames> {
    private final Channel channel;
    private final ChannelHandlerContext body;
    private final ClientStream stream;

    private volatile Subscription subscription;
    /** Set just before this writer closes the connection itself; any other close waits for the stream's end. */
    private volatile boolean closingItself;
    /** Touched on the channel's event loop only. */
    private boolean waitingForRoom;

    /** @param body where the body's bytes are written (past the HTTP codec) */
    ChannelWriter(Channel channel, ChannelHandlerContext body, ClientStream stream) {
        this.channel = channel;
        this.body = body;
        this.stream = stream;
    }

    @Override
    public void onSubscribe(Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(SseFrames frames) {
        body.writeAndFlush(Unpooled.wrappedBuffer(frames.bytes())).addListener((ChannelFutureListener) this::written);
    }

    private void written(ChannelFuture write) {
        if (!write.isSuccess()) {
            closeItself();
        } else if (channel.isWritable()) {
            subscription.request(1);
        } else {
            waitingForRoom = true;
        }
    }

    /** On the event loop, when the socket buffer crossed a watermark. */
    void writabilityChanged() {
        if (waitingForRoom && channel.isWritable()) {
            waitingForRoom = false;
            subscription.request(1);
        }
    }

    /** On the event loop, when the connection is gone: the stream leaves the feed. */
    void disconnected() {
        Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    /**
     * A close asked for by someone else (the server shutting down) while the stream runs: the
     * stream ends with a {@code reconnect} event (unless it is ending already) and closes the
     * connection itself once its last bytes are written (or its client had its grace), which
     * completes {@code promise}. False for the writer's own close: it goes ahead.
     */
    boolean endsBeforeClosing(ChannelPromise promise) {
        if (closingItself) {
            return false;
        }
        channel.closeFuture().addListener(closed -> promise.trySuccess());
        stream.finish(Broadcaster.RECONNECT);
        return true;
    }

    @Override
    public void onError(Throwable t) {
        closeItself();
    }

    @Override
    public void onComplete() {
        // The body is close-delimited: once what was written has gone out, closing ends it.
        body.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> closeItself());
        if (!channel.isWritable()) {
            // A client that stopped reading (its stream ended after its grace): nothing more will drain.
            closeItself();
        }
    }

    private void closeItself() {
        closingItself = true;
        channel.close();
    }
}
