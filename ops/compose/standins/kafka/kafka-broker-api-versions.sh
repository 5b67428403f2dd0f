#!/bin/bash
# As in the Apache Kafka distribution: the compose file's healthcheck runs it.
exec java -Xmx64m -Dlog4j2.configurationFile=/opt/kafka/config/log4j2-tools.properties \
    -cp '/opt/kafka/libs/*' org.apache.kafka.tools.BrokerApiVersionsCommand "$@"
