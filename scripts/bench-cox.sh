#!/usr/bin/env bash
# Times a Cox fit (Efron ties, 10 covariates, integer-month times) of N rows (default 1,000,000) with
# npc-outcomes and with R's coxph on the same CSV, in one run; prints both times, the largest relative
# difference of the coefficients, and "ratio <R seconds / our seconds>" last. Needs R with survival.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jvm-options.sh
rows="${1:-1000000}"
mkdir -p bench
csv="bench/cox-${rows}.csv"
jar=jobs/target/npc-outcomes-jobs.jar
npc_build_if_stale
[ -f "$csv" ] || java -cp "$jar" org.npcoutcomes.jobs.CoxBenchmark --generate "$rows" "$csv"
ours=$(java -Xmx4g -cp "$jar" org.npcoutcomes.jobs.CoxBenchmark "$csv")
theirs=$(Rscript -e 'suppressMessages(library(survival)); d <- read.csv(commandArgs(TRUE)[1]);
  f <- coxph(Surv(time, status) ~ ., data = d, ties = "efron");
  t <- system.time(f <- coxph(Surv(time, status) ~ ., data = d, ties = "efron"))[["elapsed"]];
  cat("seconds", t, "\n"); cat(sprintf("%.17g", coef(f)), sep = "\n")' "$csv")
python3 - "$ours" "$theirs" <<'PY'
import sys
ours, theirs = (s.split("\n") for s in sys.argv[1:3])
t_ours, t_r = float(ours[0].split()[1]), float(theirs[0].split()[1])
a = [float(v) for v in ours[1:] if v.strip()]
b = [float(v) for v in theirs[1:] if v.strip()]
rel = max(abs(x - y) / max(abs(y), 1e-300) for x, y in zip(a, b))
print(f"npc-outcomes {t_ours:.3f} s, R coxph {t_r:.3f} s, max relative coefficient difference {rel:.2e}")
print(f"ratio {t_r / t_ours:.2f}")
PY
