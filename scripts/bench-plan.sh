#!/usr/bin/env bash
# Times the analysis plan of a study with more than 200 tasks on the local standalone cluster
# (scripts/local-cluster.sh: two workers of one core), with one executor core and then with two, and prints
# the speed-up of the task batches (the plan's own work, from the driver's progress lines) and of the whole
# submitted command. The cohort is the synthetic one of bench-analyze.sh (N rows, default 50,000), analysed
# with conf/examples/bench-analysis.conf plus three more subgroup variables and four landmarks.
#   ./scripts/bench-plan.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jvm-options.sh
rows="${1:-50000}"
mkdir -p bench
csv="bench/cohort-${rows}.csv"
npc_build_if_stale
jar=jobs/target/npc-outcomes-jobs.jar
[ -f "$csv" ] || java -cp "$jar" org.npcoutcomes.jobs.SyntheticCohort --rows "$rows" --seed 1 --out "$csv"

started_cluster=0
if ! scripts/local-cluster.sh url >/dev/null 2>&1; then
  scripts/local-cluster.sh start >/dev/null
  started_cluster=1
fi
trap '[ "$started_cluster" = 1 ] && scripts/local-cluster.sh stop >/dev/null' EXIT

TIMEFORMAT='%3R'
declare -A plan_seconds wall_seconds tasks
for cores in 1 2; do
  log="bench/plan-${rows}-${cores}core.log"
  { time NPC_SKIP_BUILD=1 scripts/submit.sh --job analyze --config conf/examples/bench-analysis.conf \
      -Danalyze.input="$(pwd)/$csv" -Drun.id="plan-${rows}-${cores}" -Drun.output="$(pwd)/bench/out" \
      -Danalyze.subgroups='["age_group","t_group","n_group","mets_count"]' -Danalyze.landmarks='[6,12,24,36]' \
      -Dcluster.total-executor-cores="$cores" >"$log" 2>&1 ; } 2>"bench/plan-${rows}-${cores}core.time" \
    || { echo "run with $cores core(s) failed; see $log" >&2; exit 1; }
  wall_seconds[$cores]=$(tail -1 "bench/plan-${rows}-${cores}core.time")
  # "analyze: <batch>: N/N tasks done (...) in S s": the seconds and tasks of every batch
  plan_seconds[$cores]=$(grep -o 'tasks done ([^)]*) in [0-9.]* s' "$log" | awk '{s += $(NF-1)} END {print s}')
  tasks[$cores]=$(grep -o '[0-9]*/[0-9]* tasks done' "$log" | awk -F/ '{s += $1} END {print s}')
  echo "${cores} executor core(s): ${tasks[$cores]} tasks in ${plan_seconds[$cores]} s; whole command ${wall_seconds[$cores]} s"
done
python3 - "${plan_seconds[1]}" "${plan_seconds[2]}" "${wall_seconds[1]}" "${wall_seconds[2]}" <<'PY'
import sys
p1, p2, w1, w2 = (float(v) for v in sys.argv[1:5])
print(f"speed-up of the task batches {p1 / p2:.2f}, of the whole command {w1 / w2:.2f}")
PY
