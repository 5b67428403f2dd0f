package babynames.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class HttpAnswerTest {
    /** However the bytes arrive, the answer is complete exactly when its last byte is in. */
    @Property
    void completeOnlyWithItsLastByteWhereverTheReadsSplitIt(
            @ForAll @StringLength(max = 300) String body,
            @ForAll @Size(max = 6) List<@IntRange(min = 1, max = 400) Integer> readSizes) {
        byte[] json = body.getBytes(StandardCharsets.UTF_8);
        byte[] answer = bytes(
                "HTTP/1.1 202 Accepted\r\ncontent-type: application/json\r\nContent-Length: " + json.length
                        + "\r\n\r\n",
                json);

        HttpAnswer parsed = new HttpAnswer();
        int offset = 0;
        for (int size : readSizes) {
            int n = Math.min(size, answer.length - 1 - offset);
            if (n <= 0) {
                break;
            }
            parsed.append(ByteBuffer.wrap(answer, offset, n));
            offset += n;
            assertFalse(parsed.complete(), "complete after " + offset + " of " + answer.length + " bytes");
        }
        parsed.append(ByteBuffer.wrap(answer, offset, answer.length - offset));

        assertTrue(parsed.complete());
        assertEquals(202, parsed.status());
        assertEquals(body, parsed.body());
    }

    @Test
    void aChunkedAnswerEndsWithItsLastChunk() {
        HttpAnswer parsed = new HttpAnswer();
        parsed.append(ByteBuffer.wrap(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")));
        assertFalse(parsed.complete());
        parsed.append(ByteBuffer.wrap(bytes("0\r\n\r\n")));
        assertTrue(parsed.complete());
        assertEquals(200, parsed.status());
    }

    @Test
    void theNextAnswerOnTheConnectionStartsAfresh() {
        HttpAnswer parsed = new HttpAnswer();
        parsed.append(ByteBuffer.wrap(bytes("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")));
        assertTrue(parsed.complete());
        assertEquals(503, parsed.status());

        parsed.reset();
        parsed.append(ByteBuffer.wrap(bytes("HTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\n{")));
        assertFalse(parsed.complete());
        parsed.append(ByteBuffer.wrap(bytes("}")));
        assertTrue(parsed.complete());
        assertEquals("{}", parsed.body());
    }

    private static byte[] bytes(String text, byte[]... more) {
        byte[] head = text.getBytes(StandardCharsets.US_ASCII);
        int length = head.length;
        for (byte[] part : more) {
            length += part.length;
        }
        ByteBuffer all = ByteBuffer.allocate(length).put(head);
        for (byte[] part : more) {
            all.put(part);
        }
        return all.array();
    }

    @Test
    void retryAfterInSecondsIsReadAndAnAnswerWithoutOneTakesTheFallback() {
        HttpAnswer parsed = new HttpAnswer();
        parsed.append(ByteBuffer.wrap(bytes("HTTP/1.1 409 Conflict\r\nRetry-After: 7\r\nContent-Length: 0\r\n\r\n")));
        assertTrue(parsed.complete());
        assertEquals(7, parsed.retryAfterSeconds(1));

        parsed.reset();
        parsed.append(ByteBuffer.wrap(bytes("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")));
        assertTrue(parsed.complete());
        assertEquals(1, parsed.retryAfterSeconds(1));

        parsed.reset();
        parsed.append(ByteBuffer.wrap(
                bytes("HTTP/1.1 503 Service Unavailable\r\nRetry-After: Wed, 21 Oct 2026 07:28:00 GMT\r\n"
                        + "Content-Length: 0\r\n\r\n")));
        assertTrue(parsed.complete());
        assertEquals(1, parsed.retryAfterSeconds(1));
    }

    @Test
    void anAnswerSaysWhetherItClosesItsConnection() {
        HttpAnswer parsed = new HttpAnswer();
        parsed.append(
                ByteBuffer.wrap(bytes("HTTP/1.1 202 Accepted\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")));
        assertTrue(parsed.complete());
        assertTrue(parsed.closesConnection());

        parsed.reset();
        parsed.append(
                ByteBuffer.wrap(bytes("HTTP/1.1 202 Accepted\r\nconnection: keep-alive\r\nContent-Length: 0\r\n\r\n")));
        assertTrue(parsed.complete());
        assertFalse(parsed.closesConnection());
    }
}
