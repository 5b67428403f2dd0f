#!/usr/bin/env bash
# Builds the services and starts the whole system locally: a real Kafka broker and PostgreSQL
# (embedded, no Docker) and the four services as processes. Arguments go to the local stack:
#   --fresh              wipe the data of earlier runs
#   --import DIR         load the ONS baseline (DIR/boys_2015.csv and DIR/girls_2015.csv)
#   --replicas ranking=3 run several processes of a service (see the README)
# Built and run with $JAVA_HOME's JDK when it is set (as ./mvnw and run-local.cmd do), else the
# java on the PATH.
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q -DskipTests -Dspotless.check.skip=true package
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -jar local-stack/target/local-stack.jar "$@"
