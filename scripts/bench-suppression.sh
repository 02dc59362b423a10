#!/usr/bin/env bash
# Times the small-cell suppression of one analysis alone (org.npcoutcomes.jobs.SuppressionBenchmark): the
# analysis of conf/examples/bench-analysis.conf on an N-row synthetic cohort (default 10,000) and of the sample
# run's cohort with conf/application.conf, each suppressed five times with the default policy (cms); prints the
# median seconds, the counts withheld as small and as complementary, and the complementary counts of at least
# min-cell in the marts a paper prints. The sample's cohort comes from output/sample (./scripts/run-local.sh).
#   ./scripts/bench-suppression.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jvm-options.sh
rows="${1:-10000}"
mkdir -p bench
csv="bench/cohort-${rows}.csv"
jar=jobs/target/npc-outcomes-jobs.jar
npc_build_if_stale
[ -f "$csv" ] || java -cp "$jar" org.npcoutcomes.jobs.SyntheticCohort --rows "$rows" --seed 1 --out "$csv"
echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
bench() {
  java -Xmx2g $NPC_JVM_OPENS -Dlog4j2.configurationFile=conf/log4j2.properties \
    -cp "$jar:$(cat jobs/target/local-classpath.txt)" org.npcoutcomes.jobs.SuppressionBenchmark "$@" 2>/dev/null \
    | grep '^rows'
}
bench --config conf/examples/bench-analysis.conf -Danalyze.input="$csv"
if [ -d output/sample/restricted/cohort ]; then
  bench --config conf/application.conf -Danalyze.input=output/sample/restricted/cohort
else
  echo "no output/sample: run ./scripts/run-local.sh first for the sample's figures" >&2
fi
