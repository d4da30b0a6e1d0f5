#!/usr/bin/env bash
# A local Dask cluster for the anonymise job's Dask backend: one scheduler, two workers.
#
#   tests/cluster.sh up       start it (or find it running) and wait until 2 workers are connected
#   tests/cluster.sh down     stop it; does nothing if it is not running
#   tests/cluster.sh status   say what is running
#
# Scheduler on tcp://127.0.0.1:8786 (loopback only, no dashboard). Each worker: one process
# (--nworkers 1), one thread (a detector per process, never shared between threads), a memory
# limit of DASK_WORKER_MEMORY (default 2GiB: the spaCy model and Presidio take about 500 MB).
# PID files and logs in out/cluster/, scratch space in out/cluster/tmp (DASK_TEMPORARY_DIRECTORY).
# Each process leads its own process group, so `down` stops a worker's nanny and its child too.
#
# Then: persona privacy anonymise --backend dask --scheduler tcp://127.0.0.1:8786 ...
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

HOST=127.0.0.1
PORT="${DASK_SCHEDULER_PORT:-8786}"
ADDRESS="tcp://$HOST:$PORT"
WORKERS=2
MEMORY="${DASK_WORKER_MEMORY:-2GiB}"
TIMEOUT="${CLUSTER_TIMEOUT:-60}"
DIR="$ROOT/out/cluster"
export DASK_TEMPORARY_DIRECTORY="$DIR/tmp"

if [[ -x "$ROOT/.venv/bin/python" ]]; then
  PY="$ROOT/.venv/bin/python"
else
  PY="$(command -v python3)"
fi

die() { echo "cluster: $*" >&2; exit 1; }

# The PID in file $1, if that process is alive and is one of ours (a dask command line).
live_pid() {
  local pid
  [[ -f "$1" ]] || return 1
  pid="$(cat "$1")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "dask" || return 1
  echo "$pid"
}

# start NAME ARGS...: run `python -m dask ARGS` in its own session, PID in $DIR/NAME.pid
start() {
  local name="$1"
  shift
  if live_pid "$DIR/$name.pid" >/dev/null; then
    echo "cluster: $name already running (pid $(cat "$DIR/$name.pid"))"
    return
  fi
  setsid "$PY" -m dask "$@" >"$DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$DIR/$name.pid"
  echo "cluster: started $name (pid $!, log out/cluster/$name.log)"
}

wait_ready() {
  "$PY" - "$ADDRESS" "$WORKERS" "$TIMEOUT" <<'EOF'
import sys
import time

from distributed import Client

address, wanted, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
deadline = time.monotonic() + timeout
client = None
while client is None:
    try:
        client = Client(address, timeout=2, set_as_default=False)
    except OSError:
        if time.monotonic() > deadline:
            sys.exit(f"cluster: no scheduler answers at {address} after {timeout:g} s")
        time.sleep(0.5)
try:
    client.wait_for_workers(wanted, timeout=max(1.0, deadline - time.monotonic()))
except TimeoutError:
    have = len(client.scheduler_info(n_workers=-1)["workers"])
    sys.exit(f"cluster: {have} of {wanted} workers connected to {address} after {timeout:g} s")
finally:
    client.close()
print(f"cluster: up at {address} with {wanted} workers")
EOF
}

stop() {
  local file="$1" pid
  if pid="$(live_pid "$file")"; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    echo "cluster: stopped $(basename "$file" .pid) (pid $pid)"
  fi
  rm -f "$file"
}

case "${1:-}" in
  up)
    "$PY" -c "import distributed" 2>/dev/null \
      || die "dask[distributed] is not installed in $PY; run \`make setup\`"
    mkdir -p "$DIR" "$DASK_TEMPORARY_DIRECTORY"
    start scheduler scheduler --host "$HOST" --port "$PORT" --no-dashboard
    for n in $(seq "$WORKERS"); do
      start "worker-$n" worker "$ADDRESS" --name "worker-$n" --nworkers 1 --nthreads 1 \
        --memory-limit "$MEMORY" --no-dashboard --host "$HOST"
    done
    if ! wait_ready; then
      echo "cluster: see the logs in out/cluster/; stopping what started" >&2
      "$0" down >&2
      exit 1
    fi
    ;;
  down)
    for n in $(seq "$WORKERS"); do
      stop "$DIR/worker-$n.pid"
    done
    stop "$DIR/scheduler.pid"
    rm -rf "$DASK_TEMPORARY_DIRECTORY"
    echo "cluster: down"
    ;;
  status)
    for name in scheduler $(for n in $(seq "$WORKERS"); do echo "worker-$n"; done); do
      if pid="$(live_pid "$DIR/$name.pid")"; then
        echo "$name: running (pid $pid)"
      else
        echo "$name: stopped"
      fi
    done
    ;;
  *)
    echo "usage: $0 up|down|status" >&2
    exit 2
    ;;
esac
