#!/usr/bin/env bash
# Submits jobs/target/npc-outcomes-jobs.jar to a Spark cluster through org.apache.spark.deploy.SparkSubmit
# (the jars the Maven build resolves; no Spark distribution needed for a standalone cluster). Master, deploy
# mode, driver and executor memory and cores come from the `cluster` block of conf/cluster.conf, layered with
# the job's own --config files and -D overrides and validated like a run; the arguments are the job's own:
#   ./scripts/submit.sh [--job ingest|clean|cohort|analyze|all] [--config FILE]... [-Dkey=value]...
# The exit code is the job's in client deploy mode; in cluster mode 0 when the driver finished, 1 otherwise.
# Environment: NPC_CLUSTER_CONF (default conf/cluster.conf); NPC_CLUSTER_STATE (the state folder of
# scripts/local-cluster.sh, for cluster.master = "local-cluster"); NPC_DRIVER_JAVA_OPTS (extra JVM options
# of a client-mode driver).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jvm-options.sh

npc_build_if_stale
jar="$(pwd)/jobs/target/npc-outcomes-jobs.jar"  # absolute: in cluster deploy mode a worker fetches it
# Spark and its dependencies, without the project's own jars (the application jar carries those).
spark_classpath=$(tr ':' '\n' < jobs/target/local-classpath.txt | grep -v '/npc-outcomes-[^/]*$' | paste -sd: -)
local_master=$(scripts/local-cluster.sh url 2>/dev/null || true)

status=0
plan=$(java -cp "$jar:$spark_classpath" org.npcoutcomes.jobs.SubmitCommand \
  --cluster-config "${NPC_CLUSTER_CONF:-conf/cluster.conf}" --local-master "$local_master" \
  --jvm-options "$NPC_JVM_OPENS" -- "$@") || status=$?
[ "$status" -eq 0 ] || exit "$status"

heap=2g
mode=client
submit_args=()
while IFS=$'\t' read -r kind value; do
  case "$kind" in
    driver-heap) heap="$value" ;;
    deploy-mode) mode="$value" ;;
    arg) submit_args+=("$value") ;;
  esac
done <<< "$plan"

# shellcheck disable=SC2206
command=(java -Xmx"$heap" $NPC_JVM_OPENS ${NPC_DRIVER_JAVA_OPTS:-} -Dlog4j2.configurationFile=conf/log4j2.properties
  -cp "$spark_classpath" org.apache.spark.deploy.SparkSubmit "${submit_args[@]}"
  --class org.npcoutcomes.jobs.NpcOutcomes "$jar" "$@")

if [ "$mode" = client ]; then
  # the driver runs in this JVM (this process, for whoever started the script): its exit code is the job's
  exec "${command[@]}"
fi

# Cluster deploy mode: spark-submit waits for the driver but exits 0 whatever its end; the end is in its
# log ("State of driver ... is FAILED, exiting"), and only FINISHED counts as success.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set -o pipefail
"${command[@]}" 2>&1 | tee "$log" || exit $?
state=$(grep -oE 'State of driver [^ ]+ is [A-Z]+' "$log" | tail -n 1 | awk '{print $NF}')
echo "driver state: ${state:-unknown} (its output is in the worker's driver-* folder)" >&2
[ "$state" = FINISHED ] || exit 1
