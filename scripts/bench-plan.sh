#!/usr/bin/env bash
# Times the analysis plan of a study with more than 200 tasks on the local standalone cluster
# (scripts/local-cluster.sh: two workers of one core), with one executor core and then with two, and prints
# the speed-up of the task batches (the plan's own work, from the driver's progress lines) and of the whole
# submitted command. The cohort is the synthetic one of bench-analyze.sh (N rows, default 200,000: the
# largest cohort whose tasks run in memory, so every task is an executor's work), analysed with
# conf/examples/bench-analysis.conf plus three more subgroup variables and four landmarks. Each setting runs
# NPC_BENCH_RUNS times (default 3), interleaved, and the medians are compared.
#   ./scripts/bench-plan.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jvm-options.sh
rows="${1:-200000}"
runs="${NPC_BENCH_RUNS:-3}"
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
declare -A plan_seconds wall_seconds
tasks=0
for run in $(seq "$runs"); do
  for cores in 1 2; do
    log="bench/plan-${rows}-${cores}core-${run}.log"
    { time NPC_SKIP_BUILD=1 scripts/submit.sh --job analyze --config conf/examples/bench-analysis.conf \
        -Danalyze.input="$(pwd)/$csv" -Drun.id="plan-${rows}-${cores}" -Drun.output="$(pwd)/bench/out" \
        -Danalyze.subgroups='["age_group","t_group","n_group","mets_count"]' -Danalyze.landmarks='[6,12,24,36]' \
        -Dcluster.total-executor-cores="$cores" >"$log" 2>&1 ; } 2>"$log.time" \
      || { echo "run with $cores core(s) failed; see $log" >&2; exit 1; }
    wall=$(tail -1 "$log.time")
    # "analyze: <batch>: N/N tasks done (...) in S s": the seconds and tasks of every batch
    batches=$(grep -o 'tasks done ([^)]*) in [0-9.]* s' "$log" | awk '{s += $(NF-1)} END {print s}')
    tasks=$(grep -o '[0-9]*/[0-9]* tasks done' "$log" | awk -F/ '{s += $1} END {print s}')
    plan_seconds[$cores]="${plan_seconds[$cores]:-} $batches"
    wall_seconds[$cores]="${wall_seconds[$cores]:-} $wall"
    echo "run $run, ${cores} executor core(s): $tasks tasks in $batches s; whole command $wall s"
  done
done
python3 - "$tasks" "${plan_seconds[1]}" "${plan_seconds[2]}" "${wall_seconds[1]}" "${wall_seconds[2]}" <<'PY'
import statistics
import sys
tasks = sys.argv[1]
p1, p2, w1, w2 = (statistics.median(float(v) for v in arg.split()) for arg in sys.argv[2:6])
print(f"{tasks} tasks, medians: 1 core {p1:.1f} s / {w1:.1f} s, 2 cores {p2:.1f} s / {w2:.1f} s (batches / command)")
print(f"speed-up of the task batches {p1 / p2:.2f}, of the whole command {w1 / w2:.2f}")
PY
