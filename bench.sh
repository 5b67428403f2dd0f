#!/usr/bin/env bash
# Measures every row of SPEC section 7 against its baseline in the same run and writes
# bench/results/<date>.json and .md. Needs psql and pgbench (Debian's postgresql-client) and the
# ONS files (../shared/data/ons-2015, or --ons DIR). Takes about an hour and a half on 2 cores.
# Arguments go to the suite, e.g. --only http,batch --runs 1
# Built and run with $JAVA_HOME's JDK when it is set (as ./mvnw does), else the java on the PATH;
# every service and load generator runs on that JDK too.
# Interrupted (Ctrl-C, SIGTERM), it stops every process it started before it exits.
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q -DskipTests -Dspotless.check.skip=true package
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -jar benchmarks/target/benchmarks.jar "$@"
