#!/bin/bash
# The stand-in's entrypoint, with the interface of the apache/kafka image that docker-compose.yml
# relies on: every KAFKA_<NAME> variable is the broker setting <name> (lower case, "_" -> ".",
# "__" -> "_", "___" -> "-"), except the JVM options (KAFKA_HEAP_OPTS, KAFKA_OPTS); CLUSTER_ID
# names the cluster. The log directory is formatted on first start, then the broker runs in the
# foreground.
set -euo pipefail
config=/opt/kafka/config/server.properties
: > "$config"
while IFS='=' read -r name value; do
    case "$name" in
        KAFKA_HEAP_OPTS|KAFKA_OPTS|KAFKA_JVM_PERFORMANCE_OPTS|KAFKA_LOG4J_OPTS) continue ;;
        KAFKA_*) ;;
        *) continue ;;
    esac
    key=${name#KAFKA_}
    key=${key,,}
    key=${key//___/-}
    key=${key//__/@}
    key=${key//_/.}
    key=${key//@/_}
    printf '%s=%s\n' "$key" "$value" >> "$config"
done < <(env)
grep -q '^log\.dirs=' "$config" || echo "log.dirs=/var/lib/kafka/data" >> "$config"

java=(java ${KAFKA_HEAP_OPTS:--Xmx1g} ${KAFKA_OPTS:-} -Dlog4j2.configurationFile=/opt/kafka/config/log4j2.properties
      -cp '/opt/kafka/libs/*')
"${java[@]}" kafka.tools.StorageTool format --config "$config" \
    --cluster-id "${CLUSTER_ID:-5L6g3nShT-eMCtK--X86sw}" --ignore-formatted
exec "${java[@]}" kafka.Kafka "$config"
