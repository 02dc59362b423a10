#!/usr/bin/env bash
# Rebuilds sample-data/seer_case_listing.csv.gz, or writes an extract of any size:
#   ./scripts/generate-sample.sh [ROWS] [SEED] [OUT]      (defaults: 50000 20260101 sample-data/seer_case_listing.csv.gz)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jvm-options.sh
rows="${1:-50000}"; seed="${2:-20260101}"; out="${3:-sample-data/seer_case_listing.csv.gz}"
jar=jobs/target/npc-outcomes-jobs.jar
npc_build_if_stale
java -cp "$jar" org.npcoutcomes.sample.SyntheticSeerExtract --rows "$rows" --seed "$seed" --out "$out"
echo "wrote $out ($rows rows, seed $seed)" >&2
