#!/usr/bin/env bash
# Times the whole nightly job (scripts/run-local.sh --job all with conf/application.conf) on an N-row synthetic
# SEER*Stat-style extract next to a bare Spark read of the same file (every column as a string, to the noop
# sink, in a JVM of its own), in one invocation, with the job's time per stage from its progress lines; prints
# a Markdown table row for docs/benchmarks.md.
#   ./scripts/bench-pipeline.sh [N]        (default 10000000)
# Environment: NPC_DRIVER_MEMORY (default 2g) for both JVMs; NPC_FAST_START (default 0 here: a long run on a
# large extract, where the optimising compiler pays back), as in run-local.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jvm-options.sh
rows="${1:-10000000}"
memory="${NPC_DRIVER_MEMORY:-2g}"
export NPC_DRIVER_MEMORY="$memory" NPC_FAST_START="${NPC_FAST_START:-0}"
mkdir -p bench
jar=jobs/target/npc-outcomes-jobs.jar
npc_build_if_stale
extract="bench/extract-${rows}.csv"   # the file scripts/bench-ingest.sh reads too
if [ ! -f "$extract" ]; then
  java -cp "$jar" org.npcoutcomes.sample.SyntheticSeerExtract --rows "$rows" --seed 1 --out "$extract" \
    --format seer-labeled
fi
size=$(du -h "$extract" | cut -f1)
echo "extract: $extract ($size, $rows rows), driver heap $memory, $(nproc) cores" >&2

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# The floor: JVM and Spark start, one read of the file (the job reads it once too).
t0=$(now)
# shellcheck disable=SC2086
floor=$(java -Xmx"$memory" $NPC_JVM_OPENS -Dlog4j2.configurationFile=conf/log4j2.properties \
  -Dnpc.log.file=bench/pipeline-${rows}.log -cp "$jar:$(cat jobs/target/local-classpath.txt)" \
  org.npcoutcomes.jobs.IngestBenchmark --noop-read "$extract")
t1=$(now)
bare=$(seconds "$t0" "$t1")
read_only=$(awk '/^noop read/ { print $3 }' <<<"$floor")

# The whole job, as a data engineer schedules it.
progress="bench/pipeline-${rows}.progress"
rm -rf "bench/pipeline-out-${rows}" "bench/pipeline-work-${rows}"
t2=$(now)
NPC_LOG_FILE="bench/pipeline-${rows}.log" ./scripts/run-local.sh --job all -Drun.id="bench-${rows}" \
  -Dinput.paths="[\"$extract\"]" -Drun.output="bench/pipeline-out-${rows}" \
  -Drun.work-dir="bench/pipeline-work-${rows}" >"bench/pipeline-${rows}.summary" 2>"$progress"
t3=$(now)
job=$(seconds "$t2" "$t3")

# Stage times from the progress lines ("[npc-outcomes   12.3s] ingest + clean: ..."): each stage ends with
# its line; analyze runs from the cohort line to "analyze: N marts written".
stage_at() { awk -v key="$1" 'match($0, /^\[npc-outcomes +[0-9.]+s\] /) {
    t = substr($0, 15, RLENGTH - 16) + 0; rest = substr($0, RLENGTH + 1)
    if (index(rest, key) == 1) { print t; exit } }' "$progress"; }
started=$(stage_at "spark ")
clean=$(stage_at "ingest + clean:")
cohort=$(stage_at "cohort:")
analyze=$(awk 'match($0, /^\[npc-outcomes +[0-9.]+s\] analyze: [0-9]+ marts written/) {
    print substr($0, 15, index($0, "s]") - 15) + 0 }' "$progress" | tail -1)
report=$(stage_at "report written")
for v in started clean cohort analyze report; do
  [ -n "${!v}" ] || { echo "bench-pipeline: no '$v' progress line; see $progress" >&2; exit 1; }
done
ratio=$(awk -v j="$job" -v b="$bare" 'BEGIN { printf "%.2f", j / b }')
d() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

echo "| rows | file | bare read (JVM + Spark + read; read alone) | whole job | ratio | JVM + Spark start | ingest + clean | cohort | analysis + marts | report + publish |"
echo "|---|---|---|---|---|---|---|---|---|---|"
printf '| %s | %s | %s s (%s s) | %s s | %s | %s s | %s s | %s s | %s s | %s s |\n' \
  "$(sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$rows")" "$size" "$bare" "$read_only" "$job" "$ratio" \
  "$started" "$(d "$started" "$clean")" "$(d "$clean" "$cohort")" "$(d "$cohort" "$analyze")" \
  "$(d "$analyze" "$job")"
echo "ratio $ratio"
