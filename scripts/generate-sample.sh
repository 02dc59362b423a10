#!/usr/bin/env bash
# Rebuilds sample-data/seer_case_listing.csv.gz, or writes an extract of any size:
#   ./scripts/generate-sample.sh [ROWS] [SEED] [OUT] [FORMAT]
#   (defaults: 50000 20260101 sample-data/seer_case_listing.csv.gz seer-labeled; FORMAT: seer-labeled,
#   seer-coded or ncdb, the same records in each layout)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jvm-options.sh
rows="${1:-50000}"; seed="${2:-20260101}"; out="${3:-sample-data/seer_case_listing.csv.gz}"
format="${4:-seer-labeled}"
jar=jobs/target/npc-outcomes-jobs.jar
npc_build_if_stale
java -cp "$jar" org.npcoutcomes.sample.SyntheticSeerExtract --rows "$rows" --seed "$seed" --out "$out" \
  --format "$format"
echo "wrote $out ($rows rows, seed $seed, $format)" >&2
