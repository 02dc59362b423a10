#!/usr/bin/env bash
# A Spark standalone cluster on this machine, from the jars the Maven build resolves (no Spark download):
# one master and NPC_CLUSTER_WORKERS workers, every port (RPC and web UI) picked free by the system, all
# bound to 127.0.0.1.
#   ./scripts/local-cluster.sh start     start it (no-op when it is already running)
#   ./scripts/local-cluster.sh stop      stop exactly the processes it started (and their executors)
#   ./scripts/local-cluster.sh status    master URL, web UI and worker state; exit code 3 when not running
#   ./scripts/local-cluster.sh url       the master URL alone (exit code 1 when not running)
# Environment:
#   NPC_CLUSTER_STATE          state folder: SPARK_HOME, PIDs, master URL, logs, executors' work folders
#                              (default: a folder under ${TMPDIR:-/tmp} named after this checkout)
#   NPC_CLUSTER_WORKERS        number of workers (default 2)
#   NPC_WORKER_CORES           cores each worker offers (default 1)
#   NPC_WORKER_MEMORY          memory each worker offers to executors (default 2g)
#   NPC_CLUSTER_DAEMON_MEMORY  heap of the master and worker JVMs themselves (default 256m)
#   NPC_WORKER_PIN             1 (default, where taskset exists): each worker and its executors run on their
#                              own NPC_WORKER_CORES CPUs, as a container's CPU limit would hold them; 0: not
#                              pinned (an executor then also borrows idle CPUs for its compiler and GC)
# Executors' logs: <state>/worker-N/app-*/<executor id>/stderr. Linux (reads /proc).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jvm-options.sh
root="$(pwd -P)"

state="${NPC_CLUSTER_STATE:-${TMPDIR:-/tmp}/npc-outcomes-cluster-$(printf '%s' "$root" | cksum | cut -d' ' -f1)}"
case "${1:-}" in start) mkdir -p "$state" ;; esac
if [ -d "$state" ]; then state="$(cd "$state" && pwd -P)"; fi
workers="${NPC_CLUSTER_WORKERS:-2}"
cores="${NPC_WORKER_CORES:-1}"
memory="${NPC_WORKER_MEMORY:-2g}"
daemon_memory="${NPC_CLUSTER_DAEMON_MEMORY:-256m}"
pin="${NPC_WORKER_PIN:-1}"
command -v taskset >/dev/null 2>&1 || pin=0
spark_home="$state/spark-home"
# Every daemon carries this flag: with the recorded start time it tells our processes from any other.
marker="-Dnpc.local-cluster=$state"

# Whether PID is alive and is the process we started (its flag and start time as recorded).
ours() {
  local pid="${1:-}" started="${2:-}"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' '\n' < "/proc/$pid/cmdline" | grep -qxF -- "$marker" || return 1
  [ "$(start_time "$pid")" = "$started" ]
}

start_time() {
  # field 22 of /proc/PID/stat, counted after the command name (which may hold spaces)
  sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20
}

# "<pid> <start time>" of a daemon recorded in the state folder, or nothing.
recorded() {
  [ -f "$state/$1.pid" ] && cat "$state/$1.pid" || true
}

running() {
  # shellcheck disable=SC2046
  ours $(recorded master)
}

master_url() {
  cat "$state/master-url"
}

# Waits until FILE holds a line matching REGEX (printing the first match), or fails after SECONDS.
wait_for() {
  local file="$1" regex="$2" seconds="$3" pid="$4"
  for _ in $(seq $((seconds * 5))); do
    if [ -f "$file" ] && grep -m1 -oE "$regex" "$file"; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "local-cluster: process $pid exited; see $file" >&2
      return 1
    fi
    sleep 0.2
  done
  echo "local-cluster: timed out waiting for /$regex/ in $file" >&2
  return 1
}

layout_spark_home() {
  local classpath_file=jobs/target/local-classpath.txt
  [ -f "$classpath_file" ] || npc_build_if_stale
  rm -rf "$spark_home"
  mkdir -p "$spark_home/jars" "$spark_home/conf"
  # Spark's launcher takes $SPARK_HOME/jars as the classpath when a RELEASE file is there.
  echo "Spark from the npc-outcomes Maven build ($root)" > "$spark_home/RELEASE"
  local jar
  # (the file has no final newline: its last jar is read too)
  tr ':' '\n' < "$classpath_file" | while read -r jar || [ -n "$jar" ]; do
    # the project's own classes reach executors in the application jar only
    case "$(basename "$jar")" in npc-outcomes-*) continue ;; esac
    [ -f "$jar" ] && ln -sf "$jar" "$spark_home/jars/"
  done
}

# The CPUs of worker I (from 1) when workers are pinned: its own NPC_WORKER_CORES of them, wrapping round
# when the machine has fewer.
worker_cpus() {
  local first=$(( ($1 - 1) * cores )) n c list=""
  n=$(nproc)
  for c in $(seq "$first" $((first + cores - 1))); do list="$list${list:+,}$((c % n))"; done
  echo "$list"
}

# Starts a daemon in the background (on the CPUs of CPUS=list when set); records "<pid> <start time>" as
# NAME.pid.
daemon() {
  local name="$1"; shift
  local on_cpus=()
  [ -n "${CPUS:-}" ] && on_cpus=(taskset -c "$CPUS")
  # shellcheck disable=SC2086
  SPARK_HOME="$spark_home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_DIRS="$state/tmp" \
    "${on_cpus[@]}" nohup java -Xmx"$daemon_memory" $NPC_JVM_OPENS "$marker" -cp "$spark_home/jars/*" "$@" \
    > "$state/logs/$name.log" 2>&1 < /dev/null &
  local pid=$!
  sleep 0.1
  echo "$pid $(start_time "$pid")" > "$state/$name.pid"
  echo "$pid"
}

start() {
  if running; then
    echo "local cluster already running" >&2
    status
    return 0
  fi
  stop_recorded quietly
  rm -rf "$state"/worker-* "$state/logs" "$state/tmp" "$state/master-url" "$state/master-ui"
  mkdir -p "$state/logs" "$state/tmp"
  layout_spark_home
  local pid url ui
  pid=$(daemon master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 0 --webui-port 0)
  url=$(wait_for "$state/logs/master.log" 'spark://127\.0\.0\.1:[0-9]+' 120 "$pid") || { stop; return 1; }
  ui=$(wait_for "$state/logs/master.log" "service 'MasterUI' on port [0-9]+" 60 "$pid") || { stop; return 1; }
  echo "$url" > "$state/master-url"
  echo "http://127.0.0.1:${ui##* }" > "$state/master-ui"
  for i in $(seq "$workers"); do
    mkdir -p "$state/worker-$i"
    local cpus=""
    [ "$pin" = 1 ] && cpus=$(worker_cpus "$i")
    CPUS="$cpus" daemon "worker-$i" org.apache.spark.deploy.worker.Worker "$url" --host 127.0.0.1 --port 0 --webui-port 0 \
      --cores "$cores" --memory "$memory" --work-dir "$state/worker-$i" > /dev/null
  done
  for i in $(seq "$workers"); do
    # shellcheck disable=SC2046
    wait_for "$state/logs/worker-$i.log" 'Successfully registered with master' 120 \
      $(recorded "worker-$i" | cut -d' ' -f1) > /dev/null || { stop; return 1; }
  done
  status
}

# Sends TERM to a recorded daemon if it is ours, waits, then KILL; forgets it.
stop_daemon() {
  local name="$1" pid started
  read -r pid started <<< "$(recorded "$name")" || true
  if ours "$pid" "$started"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 75); do
      ours "$pid" "$started" || break
      sleep 0.2
    done
    if ours "$pid" "$started"; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
    echo "stopped $name (pid $pid)" >&2
  fi
  rm -f "$state/$name.pid"
}

# Executors are started by our workers in their work folders; one left behind (its worker killed hard) is
# found by its working directory and stopped by PID.
stop_executors() {
  local dir pid cwd
  for dir in /proc/[0-9]*; do
    pid="${dir#/proc/}"
    cwd=$(readlink "$dir/cwd" 2>/dev/null) || continue
    case "$cwd" in
      "$state"/worker-*/app-*)
        if tr '\0' '\n' < "$dir/cmdline" 2>/dev/null | grep -qx 'org.apache.spark.executor.CoarseGrainedExecutorBackend'; then
          kill -KILL "$pid" 2>/dev/null && echo "stopped executor (pid $pid)" >&2 || true
        fi ;;
    esac
  done
}

stop_recorded() {
  local name
  for name in $(cd "$state" && ls worker-*.pid 2>/dev/null | sed 's/\.pid$//'); do
    stop_daemon "$name"
  done
  stop_daemon master
  stop_executors
  if [ "${1:-}" != quietly ]; then
    rm -rf "$state/tmp" "$state/master-url" "$state/master-ui"
  fi
}

stop() {
  if [ ! -d "$state" ]; then
    echo "local cluster not running (no state folder $state)" >&2
    return 0
  fi
  stop_recorded
  echo "local cluster stopped (logs in $state/logs)" >&2
}

status() {
  if ! running; then
    echo "local cluster not running (state: $state)"
    return 3
  fi
  local ui pid started json alive
  ui=$(cat "$state/master-ui")
  echo "master  $(master_url)  pid $(recorded master | cut -d' ' -f1)  web UI $ui"
  json=$(curl -s --max-time 5 "$ui/json/" 2>/dev/null || true)
  for f in "$state"/worker-*.pid; do
    [ -e "$f" ] || continue
    local name; name=$(basename "$f" .pid)
    read -r pid started < "$f"
    if ours "$pid" "$started"; then
      local affinity; affinity=$(taskset -cp "$pid" 2>/dev/null | sed 's/.*: //' || true)
      echo "$name  pid $pid  running, $cores core(s)${affinity:+ on CPU $affinity}, $memory  log $state/logs/$name.log"
    else
      echo "$name  not running  log $state/logs/$name.log"
    fi
  done
  if [ -n "$json" ]; then
    alive=$(printf '%s' "$json" | grep -oE '"state" *: *"ALIVE"' | wc -l)
    echo "master reports $alive worker(s) ALIVE"
  fi
  echo "state   $state"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  url) running && master_url || { echo "local cluster not running" >&2; exit 1; } ;;
  *) sed -n '2,17p' "$0" >&2; exit 2 ;;
esac
