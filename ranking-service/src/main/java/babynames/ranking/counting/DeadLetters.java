package babynames.ranking.counting;

import babynames.events.EventHeaders;
import babynames.ranking.outbox.OutboxRecord;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

/** A record that cannot be counted, as the outbox row that copies it to {@code baby-registrations.dlq}. */
final class DeadLetters {
    private DeadLetters() {}

    /** The record as received (key, value, headers), plus its reason and where it came from. */
    static OutboxRecord of(ConsumerRecord<String, byte[]> record, String reason, String dlqTopic) {
        return OutboxRecord.copy(
                dlqTopic,
                record.key(),
                record.value(),
                record.headers(),
                List.of(
                        new RecordHeader(EventHeaders.DLQ_REASON, EventHeaders.bytes(reason)),
                        new RecordHeader(
                                EventHeaders.DLQ_SOURCE,
                                EventHeaders.bytes(
                                        record.topic() + "/" + record.partition() + "/" + record.offset()))));
    }
}
