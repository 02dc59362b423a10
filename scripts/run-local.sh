#!/usr/bin/env bash
# Runs the pipeline with an embedded Spark (local[*]); builds the jars first when sources changed.
#   ./scripts/run-local.sh [--job ingest|clean|cohort|analyze|all|report] [--config FILE]... [-Dkey=value]...
# Environment: NPC_DRIVER_MEMORY (default 2g) sets the JVM heap; NPC_FAST_START=0 turns off the start-up
# flags below (worth it for a long run on a large extract, where fully optimised code pays back);
# NPC_LOG_FILE (default logs/npc-outcomes.log) is where warnings and stack traces are logged in full.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jvm-options.sh

jar=jobs/target/npc-outcomes-jobs.jar
classpath_file=jobs/target/local-classpath.txt
npc_build_if_stale

# A local run of a sample or a study cohort takes seconds, most of it starting the JVM and Spark. Two flags
# cut that: the JIT stops at its first (C1) compiler, whose code is ready sooner and whose compiling costs
# far less than the optimising compiler's, which would not pay back in a run this short; and class data
# sharing maps the classes a run loads from an archive instead of finding, reading and checking them in
# some 200 jars. The archive is written by the first run after each build, on its way out.
startup=()
archive=jobs/target/npc-outcomes.jsa
dumping=""
if [ "${NPC_FAST_START:-1}" != 0 ]; then
  startup=(-XX:TieredStopAtLevel=1 '-Xlog:cds*=off')
  if [ "$archive" -nt "$jar" ] && [ "$archive" -nt "$classpath_file" ]; then
    startup+=("-XX:SharedArchiveFile=$archive")
  else
    rm -f "$archive"
    dumping="$archive.$$"
    startup+=("-XX:ArchiveClassesAtExit=$dumping")
    echo "this first run after a build also archives the classes it loads, for faster start-up of the next ones" >&2
  fi
fi

log_file=${NPC_LOG_FILE:-logs/npc-outcomes.log}
mkdir -p "$(dirname "$log_file")"
status=0
# shellcheck disable=SC2086
java -Xmx"${NPC_DRIVER_MEMORY:-2g}" $NPC_JVM_OPENS ${startup[@]+"${startup[@]}"} -Dlog4j2.configurationFile=conf/log4j2.properties -Dnpc.log.file="$log_file" \
  -cp "$jar:$(cat "$classpath_file")" org.npcoutcomes.jobs.NpcOutcomes "$@" || status=$?
if [ -n "$dumping" ] && [ -f "$dumping" ]; then
  mv -f "$dumping" "$archive"
fi
exit "$status"
