package babynames.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaConnectionTest {

    @Test
    void everyKafkaVariableThatIsNotOurOwnIsAClientProperty() {
        KafkaConnection kafka = KafkaConnection.fromEnvironment(
                "broker:9093",
                Map.of(
                        "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                        "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                        "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                        "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/truststore.p12",
                        "KAFKA_BOOTSTRAP_SERVERS", "ignored:1",
                        "KAFKA_TOPIC_PREFIX", "test.",
                        "KAFKA_GROUP_ID", "ranking-service",
                        "KAFKA_", "nothing",
                        "PATH", "/usr/bin",
                        "DB_PASSWORD", "secret"));

        assertEquals(
                Map.of(
                        "security.protocol", "SASL_SSL",
                        "sasl.mechanism", "SCRAM-SHA-512",
                        "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                        "ssl.truststore.location", "/etc/kafka/truststore.p12"),
                kafka.settings());
        assertEquals("broker:9093", kafka.bootstrapServers());
    }

    @Test
    void whatAClientSetsForItsGuaranteesWins() {
        KafkaConnection kafka = KafkaConnection.fromEnvironment(
                "broker:9092", Map.of("KAFKA_ACKS", "0", "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"));

        Properties props = kafka.properties(Map.of("acks", "all"));

        assertEquals("all", props.get("acks"));
        assertEquals("SASL_PLAINTEXT", props.get("security.protocol"));
        assertEquals("broker:9092", props.get("bootstrap.servers"));
    }

    @Test
    void itsDescriptionNamesTheSettingsButNeverTheirValues() {
        KafkaConnection kafka = KafkaConnection.fromEnvironment(
                "broker:9092", Map.of("KAFKA_SASL_JAAS_CONFIG", "password=\"hunter2\";"));

        assertEquals("broker:9092 with [sasl.jaas.config]", kafka.toString());
        assertFalse(kafka.toString().contains("hunter2"));
        assertEquals("broker:9092", KafkaConnection.plaintext("broker:9092").toString());
    }
}
