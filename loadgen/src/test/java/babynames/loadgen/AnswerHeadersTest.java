package babynames.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AnswerHeadersTest {
    @Test
    void namesInAnyCaseAndValuesWithSpaceAroundThem() {
        AnswerHeaders headers = new AnswerHeaders();
        for (String line : new String[] {
            "CONTENT-LENGTH:  42 ",
            "Retry-After:3",
            "Transfer-Encoding: gzip, Chunked",
            "connection: Close",
            "X-Other: 1"
        }) {
            headers.read(line);
        }

        assertEquals(42, headers.contentLength());
        assertEquals(3, headers.retryAfterSeconds());
        assertTrue(headers.chunked());
        assertTrue(headers.closesConnection());
    }

    @Test
    void anAnswerWithoutThemHasNoLengthNoDelayAndKeepsItsConnection() {
        AnswerHeaders headers = new AnswerHeaders();
        headers.read("Content-Length: 7");
        headers.clear();
        headers.read("Content-Type: text/event-stream");
        headers.read("Retry-After: Wed, 21 Oct 2026 07:28:00 GMT");
        headers.read("Connection: keep-alive");

        assertEquals(-1, headers.contentLength());
        assertEquals(-1, headers.retryAfterSeconds());
        assertFalse(headers.chunked());
        assertFalse(headers.closesConnection());
    }
}
