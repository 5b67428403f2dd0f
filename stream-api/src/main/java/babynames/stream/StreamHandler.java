package babynames.stream;

import babynames.support.CorrelationFilter;
import babynames.support.Problem;
import babynames.support.ProblemException;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.json.JsonMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * {@code GET /stream}: registrations ({@code baby}) and top-10 changes ({@code top10}) as SSE. A
 * new client first gets the latest top 10s, then live events; a client that sends
 * {@code Last-Event-ID} (or {@code ?from=}) gets every event after that one, then live events.
 *
 * <p>Served from the connection's Netty pipeline ({@link StreamRoute} puts this handler right
 * after the HTTP codec) instead of through Micronaut's routing: one instance writes to thousands
 * of connections several times a second, and each write through the general response pipeline
 * (reactive operators, context propagation, chunk encoding into a fresh buffer) cost more than
 * the event. Every other request goes on to Micronaut. The body is close-delimited (no chunking):
 * each write is the shared bytes of the events, as they are.
 */
@Singleton
@ChannelHandler.Sharable
final class StreamHandler extends ChannelDuplexHandler {
    static final String PATH = "/stream";
    /** The connection's stream, once it has one. */
    private static final AttributeKey<ChannelWriter> STREAM = AttributeKey.valueOf("babynames.stream");
    /** Set once the connection was answered with an error (it closes when that is written). */
    private static final AttributeKey<Boolean> ANSWERED = AttributeKey.valueOf("babynames.stream.answered");

    private final Broadcaster broadcaster;
    private final JsonMapper json;
    private final int socketSendBuffer;

    StreamHandler(Broadcaster broadcaster, JsonMapper json, StreamSettings settings) {
        this.broadcaster = broadcaster;
        this.json = json;
        this.socketSendBuffer = settings.socketSendBuffer();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (ctx.channel().hasAttr(STREAM) || ctx.channel().hasAttr(ANSWERED)) {
            // The rest of the request (or anything the client sends later): this handler owns the
            // connection, and reads nothing more from it.
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request && request.method().equals(HttpMethod.GET)) {
            QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            if (uri.path().equals(PATH)) {
                ReferenceCountUtil.release(msg);
                serve(ctx, request, uri);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void serve(ChannelHandlerContext ctx, HttpRequest request, QueryStringDecoder uri) {
        String correlationId = CorrelationFilter.idFrom(request.headers().get(CorrelationFilter.HEADER));
        try {
            StreamFilter filter = StreamFilter.parse(parameter(uri, "types"), parameter(uri, "sex"));
            Resume resume = Resume.of(request.headers().get("Last-Event-ID"), parameter(uri, "from"));
            ClientStream stream = broadcaster.open(
                    filter, resume, correlationId, ctx.channel().eventLoop());
            // The operating system's send buffer is a queue too: left to autotune, it holds up to
            // megabytes for a client that stopped reading before the client's own bound is reached.
            ctx.channel().config().setOption(ChannelOption.SO_SNDBUF, socketSendBuffer);
            ChannelWriter writer = new ChannelWriter(ctx.channel(), bodyWriter(ctx), stream);
            ctx.channel().attr(STREAM).set(writer);
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
                    .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                    .set(CorrelationFilter.HEADER, correlationId);
            ctx.write(head);
            // The stream keeps its connection alive itself (keep-alive comments, a grace for the last
            // event); Micronaut's idle timer would only add work to every write.
            if (ctx.pipeline().get(ChannelPipelineCustomizer.HANDLER_IDLE_STATE) != null) {
                ctx.pipeline().remove(ChannelPipelineCustomizer.HANDLER_IDLE_STATE);
            }
            stream.subscribe(writer);
        } catch (ProblemException e) {
            answer(ctx, e, correlationId);
        }
    }

    /** A problem+json answer, then the connection closes (the request's remainder is not read). */
    private void answer(ChannelHandlerContext ctx, ProblemException exception, String correlationId) {
        Problem problem = exception.problem();
        byte[] body;
        try {
            body = json.writeValueAsBytes(problem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(problem.status()), Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set(CorrelationFilter.HEADER, correlationId);
        exception.headers().forEach(response.headers()::set);
        ctx.channel().attr(ANSWERED).set(true);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Where the body's bytes are written: past the HTTP codec (the body is close-delimited, so the
     * bytes go out as they are, with no encoding step per write).
     */
    private static ChannelHandlerContext bodyWriter(ChannelHandlerContext ctx) {
        ChannelHandlerContext codec = ctx.pipeline().context(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC);
        return codec != null ? codec : ctx;
    }

    private static String parameter(QueryStringDecoder uri, String name) {
        List<String> values = uri.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ChannelWriter writer = ctx.channel().attr(STREAM).get();
        if (writer != null) {
            writer.writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ChannelWriter writer = ctx.channel().attr(STREAM).get();
        if (writer != null) {
            writer.disconnected();
        }
        ctx.fireChannelInactive();
    }

    /**
     * Micronaut closes its idle connections when the server shuts down, and a stream's connection
     * looks idle to it: the stream first ends with a {@code reconnect} event, then the connection
     * closes.
     */
    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        ChannelWriter writer = ctx.channel().attr(STREAM).get();
        if (writer == null || !writer.endsBeforeClosing(promise)) {
            ctx.close(promise);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (ctx.channel().hasAttr(STREAM) || ctx.channel().hasAttr(ANSWERED)) {
            ctx.close();
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }
}
