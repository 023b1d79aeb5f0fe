#!/usr/bin/env bash
# Orchestration scaling: the same sleep workload through 1, 2 and 4 silo processes (Redis clustering, loopback
# only), then through 1 silo that a second one joins mid-sweep (ideal: the work at the capacity each moment had).
# Usage: scripts/bench-scaling.sh [experiments] [sleep-ms] [slots-per-silo] [join-after-seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
experiments=${1:-400}
sleep_ms=${2:-200}
slots=${3:-4}
join_after=${4:-6}
dotnet build -v q -nologo >/dev/null
source scripts/lib/loopback-redis.sh

start_silo() { # index cluster-id
  QuantGrid__Cluster__Provider=redis QuantGrid__Cluster__Redis=127.0.0.1:$port QuantGrid__Cluster__ClusterId=$2 \
  QuantGrid__Cluster__AdvertisedAddress=127.0.0.1 QuantGrid__Cluster__SiloPort=$((port + 10 + $1)) QuantGrid__Cluster__GatewayPort=$((port + 20 + $1)) \
  QuantGrid__Worker__Slots=$slots QuantGrid__Worker__Role=cpu QuantGrid__Worker__ArtifactDirectory=$work/artifacts \
  QuantGrid__Testing__Enabled=true QuantGrid__Testing__Workload=sleep QuantGrid__Testing__SleepMilliseconds=$sleep_ms Urls=http://127.0.0.1:$((port + 30 + $1)) \
  dotnet src/Silo/bin/Debug/net10.0/QuantGrid.Silo.dll >"$work/silo-$2-$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$((port + 30 + $1))/healthz" >/dev/null && return; sleep 0.5; done
  echo "silo $1 did not start"; exit 1
}

bench() { dotnet src/Client/bin/Debug/net10.0/quantgrid.dll bench orchestration --cluster "127.0.0.1:$port" "$@" --experiments "$experiments" --sleep-ms "$sleep_ms"; }

for silos in 1 2 4; do
  cluster="scale$silos"
  for i in $(seq 1 "$silos"); do start_silo "$((silos * 2 + i))" "$cluster"; done
  echo "== $silos silo(s), $slots slots each"
  bench --cluster-id "$cluster" --cluster-slots $((silos * slots)) | tee "$work/bench-$silos.txt"
  if ! grep -q "($silos silo(s))" "$work/bench-$silos.txt"; then
    kept=$(mktemp -d /tmp/bench-scaling-logs.XXXX); cp "$work"/silo-"$cluster"-*.log "$kept"/
    echo "   a silo ran nothing: its logs are kept in $kept"
  fi
  kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; pids=()
done

echo "== 1 silo, a second joins after ${join_after} s, $slots slots each"
start_silo 20 join
bench --cluster-id join --cluster-slots "$slots" --json >"$work/join.json" &
bench_pid=$!
sleep "$join_after"
start_silo 21 join
joined=$(date -u +%s.%N)
wait "$bench_pid"
python3 - "$work/join.json" "$joined" "$experiments" "$sleep_ms" "$slots" <<'PY'
import json, sys
from datetime import datetime
report, joined = json.load(open(sys.argv[1])), float(sys.argv[2])
n, sleep, slots = int(sys.argv[3]), int(sys.argv[4]) / 1000, int(sys.argv[5])
start = datetime.fromisoformat(report["startedUtc"]).timestamp()
t_join = max(0.0, joined - start)
work = n * sleep
ideal = work / slots if work <= slots * t_join else t_join + (work - slots * t_join) / (2 * slots)
shares = sorted(report["resultsPerSilo"].values(), reverse=True)
print(f"{n} experiments of {int(sleep * 1000)} ms: makespan {report['makespanSeconds']:.2f} s, second silo ready {t_join:.1f} s "
      f"after the start, ideal for that capacity {ideal:.2f} s, ratio {report['makespanSeconds'] / ideal:.3f}; experiments per silo {shares}")
PY
echo "   work queue reactivations during the join: $(cat "$work"/silo-join-*.log | grep -c 'Work queue recovered' || true)"
