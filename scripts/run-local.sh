#!/usr/bin/env bash
# Runs the pipeline with an embedded Spark (local[*]); builds the jars first when sources changed.
#   ./scripts/run-local.sh [--job ingest|clean|cohort|analyze|all|report] [--config FILE]... [-Dkey=value]...
# Environment: NPC_DRIVER_MEMORY (default 2g) sets the JVM heap.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jvm-options.sh

jar=jobs/target/npc-outcomes-jobs.jar
classpath_file=jobs/target/local-classpath.txt
npc_build_if_stale

# shellcheck disable=SC2086
exec java -Xmx"${NPC_DRIVER_MEMORY:-2g}" $NPC_JVM_OPENS -Dlog4j2.configurationFile=conf/log4j2.properties \
  -cp "$jar:$(cat "$classpath_file")" org.npcoutcomes.jobs.NpcOutcomes "$@"
