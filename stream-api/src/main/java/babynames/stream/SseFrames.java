package babynames.stream;

import io.micronaut.core.io.buffer.ByteBuffer;
import io.micronaut.core.io.buffer.ByteBufferFactory;
import io.micronaut.core.type.Argument;
import io.micronaut.core.type.MutableHeaders;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.body.MessageBodyWriter;
import io.micronaut.http.codec.CodecException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One or more Server-Sent Events, already in their wire format. An event is encoded once and its
 * bytes shared by every client, and a client that has several events waiting gets them in one
 * write: with thousands of clients, the per-write cost is what limits fan-out.
 */
record SseFrames(byte[] bytes) {
    /** The wire format of one event (SSE field values are single lines; data is one JSON line). */
    static byte[] encode(String name, String id, String data, Long retryMillis) {
        StringBuilder frame = new StringBuilder(data.length() + 64);
        if (id != null) {
            frame.append("id: ").append(id).append('\n');
        }
        frame.append("event: ").append(name).append('\n');
        if (retryMillis != null) {
            frame.append("retry: ").append(retryMillis).append('\n');
        }
        frame.append("data: ").append(data).append("\n\n");
        return frame.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] comment(String text) {
        return (": " + text + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the frames as they are, on the event loop (a copy into a buffer; nothing blocks). */
    @Singleton
    @Produces(MediaType.TEXT_EVENT_STREAM)
    static final class Writer implements MessageBodyWriter<SseFrames> {
        @Override
        public boolean isBlocking() {
            return false;
        }

        @Override
        public ByteBuffer<?> writeTo(
                Argument<SseFrames> type,
                MediaType mediaType,
                SseFrames frames,
                MutableHeaders headers,
                ByteBufferFactory<?, ?> buffers) {
            return buffers.wrap(frames.bytes());
        }

        @Override
        public void writeTo(
                Argument<SseFrames> type,
                MediaType mediaType,
                SseFrames frames,
                MutableHeaders headers,
                OutputStream out)
                throws CodecException {
            try {
                out.write(frames.bytes());
            } catch (IOException e) {
                throw new CodecException("Could not write SSE frames", e);
            }
        }
    }
}
