#!/usr/bin/env bash
# Times ingest + clean of an N-row synthetic extract next to a bare Spark CSV read of the same file
# (every column as a string, noop sink), in one run on this machine. Last line: "ratio <x>".
#   ./scripts/bench-ingest.sh N [driver memory, default 2g] [format: seer-labeled (default), seer-coded, ncdb]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jvm-options.sh
rows="${1:?usage: bench-ingest.sh ROWS [DRIVER_MEMORY]}"
memory="${2:-2g}"
format="${3:-seer-labeled}"
case "$format" in
  seer-labeled) mapping=conf/sources/seer-labeled.conf; extract="bench/extract-${rows}.csv" ;;
  seer-coded) mapping=conf/sources/seer-coded.conf; extract="bench/extract-${rows}-coded.csv" ;;
  ncdb) mapping=conf/sources/ncdb-puf.conf; extract="bench/extract-${rows}-ncdb.csv" ;;
  *) echo "unknown format $format" >&2; exit 2 ;;
esac
mkdir -p bench
jar=jobs/target/npc-outcomes-jobs.jar
npc_build_if_stale
if [ ! -f "$extract" ]; then
  java -cp "$jar" org.npcoutcomes.sample.SyntheticSeerExtract --rows "$rows" --seed 1 --out "$extract" \
    --format "$format"
fi
echo "extract: $extract ($(du -h "$extract" | cut -f1), $rows rows), driver heap $memory, $(nproc) cores" >&2
# shellcheck disable=SC2086
java -Xmx"$memory" $NPC_JVM_OPENS -Dlog4j2.configurationFile=conf/log4j2.properties \
  -cp "$jar:$(cat jobs/target/local-classpath.txt)" org.npcoutcomes.jobs.IngestBenchmark \
  "$extract" "$mapping" "bench/scratch-${rows}-${format}"
