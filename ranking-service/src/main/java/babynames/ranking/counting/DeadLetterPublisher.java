package babynames.ranking.counting;

import babynames.events.EventHeaders;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Copies a record that cannot be counted to {@code baby-registrations.dlq}, as received, with the reason. */
final class DeadLetterPublisher implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    DeadLetterPublisher(String bootstrapServers, String topic) {
        this.topic = topic;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    Future<RecordMetadata> publish(ConsumerRecord<String, byte[]> record, String reason) {
        byte[] key = record.key() == null ? null : EventHeaders.bytes(record.key());
        var deadLetter = new ProducerRecord<>(topic, null, key, record.value(), record.headers());
        deadLetter.headers().add(EventHeaders.DLQ_REASON, EventHeaders.bytes(reason));
        deadLetter
                .headers()
                .add(
                        "dlq-source",
                        EventHeaders.bytes(record.topic() + "/" + record.partition() + "/" + record.offset()));
        return producer.send(deadLetter);
    }

    @Override
    public void close() {
        producer.close();
    }
}
