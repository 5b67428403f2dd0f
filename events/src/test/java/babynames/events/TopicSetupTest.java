package babynames.events;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** A reader waiting for a broker that does not answer stops waiting when it is told to. */
class TopicSetupTest {
    /** Nothing listens there: every call to the broker waits out its 5 s timeout. */
    private static final KafkaConnection NOBODY = KafkaConnection.plaintext("localhost:1");

    @Test
    void aStopEndsTheWaitInTheMiddleOfACallToTheBroker() {
        AtomicBoolean keepWaiting = new AtomicBoolean(true);
        AtomicReference<Thread> waiter = new AtomicReference<>();
        try (KafkaConsumer<String, byte[]> consumer = Readers.assignOnly(NOBODY)) {
            CompletableFuture<List<TopicPartition>> partitions = CompletableFuture.supplyAsync(() -> {
                waiter.set(Thread.currentThread());
                return TopicSetup.awaitPartitions(
                        consumer, NOBODY, TopicNames.DEFAULT, 3, List.of("baby-registrations"), keepWaiting::get);
            });
            // Blocked on the broker's answer: the first call takes seconds to time out.
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> waiter.get() != null && waiter.get().getState() == Thread.State.TIMED_WAITING);

            keepWaiting.set(false);

            await().atMost(Duration.ofSeconds(2)).until(partitions::isDone);
            assertEquals(List.of(), partitions.join());
        }
    }
}
