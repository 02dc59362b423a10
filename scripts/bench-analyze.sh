#!/usr/bin/env bash
# Times the analysis plan of conf/examples/bench-analysis.conf (two outcomes, whole cohort, subgroups, a
# landmark, IPTW; Kaplan-Meier, log-rank, Cox, cox.zph, cumulative incidence, Fine-Gray) on an N-row synthetic
# cohort with `--job analyze` (whole command, JVM start to marts published; three runs, the median reported)
# and with R's survival and cmprsk on the same CSV (scripts/bench-analyze.R, one run of the whole Rscript
# command, given NPC_R_TIMEOUT seconds, default 1800). Compares the estimates and prints the largest relative
# difference, then both times (wall clock, and CPU seconds, which depend less on what else the machine runs),
# the CPU ratio and "ratio <R wall seconds / our wall seconds>" last. Needs R with survival and cmprsk.
#   ./scripts/bench-analyze.sh N      (NPC_DRIVER_MEMORY sets our heap, default 2g)
# NPC_R_TIMEOUT=0 leaves R out; NPC_R_CRR_MAX_ROWS=n gives R's crr only the populations of at most n rows,
# NPC_R_ROBUST_MAX_ROWS=n its weighted Cox models' robust SE likewise (both quadratic in the rows in R).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jvm-options.sh
rows="${1:?usage: bench-analyze.sh ROWS}"
export NPC_DRIVER_MEMORY="${NPC_DRIVER_MEMORY:-2g}"
r_timeout="${NPC_R_TIMEOUT:-1800}"
# NPC_BENCH_RUNS: how many times ours runs (default 3, the median reported); 1 for the largest sizes
# From a million rows the JVM gets its optimising compiler back (run-local.sh's fast start uses C1 only,
# which pays for short runs, not for long aggregations).
if [ "$rows" -ge 1000000 ]; then export NPC_FAST_START="${NPC_FAST_START:-0}"; fi
mkdir -p bench
csv="bench/cohort-${rows}.csv"
out="bench/out/bench-${rows}"
jar=jobs/target/npc-outcomes-jobs.jar
npc_build_if_stale
[ -f "$csv" ] || java -cp "$jar" org.npcoutcomes.jobs.SyntheticCohort --rows "$rows" --seed 1 --out "$csv"
echo "cohort: $csv ($(du -h "$csv" | cut -f1), $rows rows), driver heap $NPC_DRIVER_MEMORY, $(nproc) cores," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# wall, user and system seconds of each timed command (bash's time keyword) go to bench/times-N.txt
TIMEFORMAT='%3R %3U %3S'
ours=()
: >"bench/times-${rows}.txt"
for run in $(seq 1 "${NPC_BENCH_RUNS:-3}"); do
  { time ./scripts/run-local.sh --job analyze --config conf/examples/bench-analysis.conf \
      -Danalyze.input="$csv" -Drun.id="bench-${rows}" -Drun.output=bench/out >"bench/analyze-${rows}.log" 2>&1 ; } \
    2>>"bench/times-${rows}.txt" || { echo "analyze failed; see bench/analyze-${rows}.log" >&2; exit 1; }
  ours+=("$(tail -1 "bench/times-${rows}.txt" | tr ' ' ,)")
  echo "npc-outcomes run $run: $(tail -1 "bench/times-${rows}.txt" \
    | awk '{printf "%s s wall, %.1f s cpu", $1, $2 + $3}')" >&2
done

r_status=0
if [ "$r_timeout" = 0 ]; then
  r_status=125
  theirs=0,0,0
else
  { time timeout "$r_timeout" Rscript scripts/bench-analyze.R "$csv" "bench/r-estimates-${rows}.txt" \
      >"bench/r-${rows}.log" 2>&1 ; } 2>>"bench/times-${rows}.txt" || r_status=$?
  theirs=$(tail -1 "bench/times-${rows}.txt" | tr ' ' ,)
  grep '^R:' "bench/r-${rows}.log" >&2 || tail -3 "bench/r-${rows}.log" >&2
fi
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2

marts=()
for mart in hazard_ratio cox_model ph_test logrank survival_summary survival_at_time competing_risk_test forest \
    propensity_model baseline; do
  marts+=("$out/$mart" "bench/marts-${rows}-${mart}.csv")
done
# shellcheck disable=SC2086
java -Xmx1g $NPC_JVM_OPENS -Dlog4j2.configurationFile=conf/log4j2.properties \
  -cp "$jar:$(cat jobs/target/local-classpath.txt)" org.npcoutcomes.jobs.ExportCsv "${marts[@]}" 2>/dev/null

python3 - "$rows" "$r_status" "$theirs" "$r_timeout" "${ours[@]}" <<'PY'
import csv, math, statistics, sys
rows, r_status, r_timeout = sys.argv[1], int(sys.argv[2]), int(sys.argv[4])
# wall, user, system seconds
r_wall, r_user, r_sys = (float(v) for v in sys.argv[3].split(","))
r_cpu = r_user + r_sys
ours_runs = [[float(v) for v in s.split(",")] for s in sys.argv[5:]]
t_ours = statistics.median(w for w, _, _ in ours_runs)
cpu_ours = statistics.median(u + s for _, u, s in ours_runs)

def mart(name):
    with open(f"bench/marts-{rows}-{name}.csv", newline="") as f:
        return list(csv.DictReader(f))

def num(s):
    return math.nan if s in ("NA", "", None) else float(s)

def g(t):
    return f"{float(t):g}"

# Keys, as scripts/bench-analyze.R writes them: hr Cox and Fine-Gray terms, cm Cox model fit, zph cox.zph, lr
# log-rank, km and kmt Kaplan-Meier summary and survival at times, gray Gray's test, int treatment x subgroup
# test, ps propensity model, t1 Table 1 tests.
ours = {}
for r in mart("hazard_ratio"):
    k = f"hr/{r['outcome']}/{r['population']}/{r['model']}/{r['term_index']}"
    for c in ("coef", "se", "robust_se"):
        if r[c] != "NA":
            ours[f"{k}/{c}"] = num(r[c])
for r in mart("cox_model"):
    k = f"cm/{r['outcome']}/{r['population']}/{r['model']}"
    ours[f"{k}/log_lik"] = num(r["log_lik"])
    ours[f"{k}/concordance"] = num(r["concordance"])
for r in mart("ph_test"):
    ours[f"zph/{r['outcome']}/{r['population']}/{r['model']}/{r['term']}/chisq"] = num(r["chisq"])
for r in mart("logrank"):
    ours[f"lr/{r['outcome']}/{r['population']}/{r['model']}/{r['method']}/chisq"] = num(r["chisq"])
for r in mart("survival_summary"):
    k = f"km/{r['outcome']}/{r['population']}/{r['arm']}"
    for c in ("median", "rmst", "rmst_se"):
        ours[f"{k}/{c}"] = num(r[c])
for r in mart("survival_at_time"):
    k = f"kmt/{r['outcome']}/{r['population']}/{r['arm']}/{g(r['time'])}"
    ours[f"{k}/survival"] = num(r["survival"])
    ours[f"{k}/std_err"] = num(r["std_err"])
for r in mart("competing_risk_test"):
    ours[f"gray/{r['population']}/{r['cause']}/statistic"] = num(r["statistic"])
for r in mart("forest"):
    ours[f"int/{r['outcome']}/{r['variable']}/p"] = num(r["p_interaction"])
for r in mart("propensity_model"):
    ours[f"ps/{r['term_index']}/coef"] = num(r["coef"])
for r in mart("baseline"):
    ours[f"t1/{r['variable']}/p"] = num(r["p_value"])

def show(x):
    return f"{x:.6g}" if not math.isnan(x) else "NA"

headline = [("crude HR (os)", "hr/os/overall/crude/0/coef", math.exp),
            ("multivariable HR (os)", "hr/os/overall/multivariable/0/coef", math.exp),
            ("IPTW-ATE HR (os)", "hr/os/iptw_ate/crude/0/coef", math.exp),
            ("Fine-Gray coefficient (css)", "hr/css/overall/fine_gray/0/coef", lambda x: x),
            ("log-rank chisq (os)", "lr/os/overall/unstratified/log-rank/chisq", lambda x: x)]
print(f"{'estimate':<30} {'npc-outcomes':>14} {'R':>14}")
if r_status == 0:
    theirs = {}
    with open(f"bench/r-estimates-{rows}.txt") as f:
        for line in f:
            key, value = line.split()
            theirs[key] = num(value)
    for label, key, f in headline:
        print(f"{label:<30} {show(f(ours.get(key, math.nan))):>14} {show(f(theirs.get(key, math.nan))):>14}")
    diffs, families = [], {}
    for key, r in theirs.items():
        # p-values far in the tail are not compared (their relative error says nothing)
        if key.endswith("/p") and not r > 1e-12:
            continue
        o = ours.get(key)
        if o is None or math.isnan(o) != math.isnan(r):
            rel = math.inf
        elif math.isnan(r):
            rel = 0.0
        else:
            rel = abs(o - r) / abs(r) if r != 0 else abs(o)
        diffs.append((rel, key))
        family = "fine_gray" if "/fine_gray/" in key else key.split("/")[0]
        families[family] = max(families.get(family, 0.0), rel)
    diffs.sort(reverse=True)
    print("max relative difference by family: "
          + ", ".join(f"{k} {v:.1e}" for k, v in sorted(families.items())))
    print("next largest: " + ", ".join(f"{k} {v:.1e}" for v, k in diffs[1:4]))
    print(f"max relative difference {diffs[0][0]:.2e} ({diffs[0][1]}), over {len(diffs)} estimates")
    r_text = f"R {r_wall:.1f} s ({r_cpu:.1f} s cpu)"
else:
    for label, key, f in headline:
        print(f"{label:<30} {show(f(ours.get(key, math.nan))):>14} {'-':>14}")
    limit = f"{r_timeout // 60} min" if r_timeout % 60 == 0 else f"{r_timeout} s"
    r_text = (f"R did not finish in {limit}" if r_status == 124
              else "R not run (NPC_R_TIMEOUT=0)" if r_status == 125
              else f"R failed (exit {r_status}, see bench/r-{rows}.log)")
runs = ", ".join(f"{w:.1f}" for w, _, _ in ours_runs)
print(f"npc-outcomes {t_ours:.1f} s (median of {runs}; {cpu_ours:.1f} s cpu), {r_text}")
if r_status == 0:
    print(f"cpu ratio {r_cpu / cpu_ours:.2f}")
print(f"ratio {r_wall / t_ours:.2f}" if r_status == 0 else "ratio NA")
PY
