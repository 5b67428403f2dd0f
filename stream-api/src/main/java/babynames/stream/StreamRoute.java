package babynames.stream;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import jakarta.inject.Singleton;

/**
 * Puts {@link StreamHandler} into every HTTP/1.1 connection's pipeline, right after the HTTP
 * codec, through Micronaut's hook for customising the Netty pipeline.
 */
@Singleton
final class StreamRoute implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
    private final StreamHandler handler;

    StreamRoute(StreamHandler handler) {
        this.handler = handler;
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new NettyServerCustomizer() {
            @Override
            public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
                return role == ChannelRole.CONNECTION ? new Connection(channel) : this;
            }
        });
        return event.getBean();
    }

    private final class Connection implements NettyServerCustomizer {
        private final Channel channel;

        Connection(Channel channel) {
            this.channel = channel;
        }

        @Override
        public void onStreamPipelineBuilt() {
            if (channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null) {
                channel.pipeline()
                        .addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, "babynames-stream", handler);
            }
        }
    }
}
