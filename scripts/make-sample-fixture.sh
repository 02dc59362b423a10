#!/usr/bin/env bash
# Recomputes the R reference values for the cohort staged from sample-data/ (needs R with the survival,
# MatchIt, cmprsk and jsonlite packages). The end-to-end test compares the pipeline's marts with them.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jvm-options.sh
fixture=jobs/src/test/resources/fixtures/sample-cohort
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

./scripts/run-local.sh -Drun.id=fixture -Drun.output="$tmp/out" -Drun.work-dir="$tmp/work" >/dev/null
# shellcheck disable=SC2086
java $NPC_JVM_OPENS -cp "jobs/target/npc-outcomes-jobs.jar:$(cat jobs/target/local-classpath.txt)" \
  org.npcoutcomes.jobs.ExportCsv "$tmp/out/fixture/restricted/cohort" "$fixture/cohort.csv" 2>/dev/null
Rscript core/src/test/r/oracle.R "$fixture/cohort.csv" "$fixture/spec.json" "$fixture/oracle.json"
echo "wrote $fixture/cohort.csv and $fixture/oracle.json"
