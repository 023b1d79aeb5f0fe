#!/usr/bin/env bash
# Orchestration scaling: the same sleep workload through 1 and then 2 silo processes (Redis clustering,
# loopback only). Usage: scripts/bench-scaling.sh [experiments] [sleep-ms] [slots-per-silo]
set -euo pipefail
cd "$(dirname "$0")/.."
experiments=${1:-400}
sleep_ms=${2:-200}
slots=${3:-4}
dotnet build -v q -nologo >/dev/null
work=$(mktemp -d)
port=$((20000 + RANDOM % 10000))
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes --dir "$work" >/dev/null
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

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

for silos in 1 2; do
  cluster="scale$silos"
  for i in $(seq 1 "$silos"); do start_silo "$((silos * 2 + i))" "$cluster"; done
  echo "== $silos silo(s), $slots slots each"
  dotnet src/Client/bin/Debug/net10.0/quantgrid.dll bench orchestration --cluster "127.0.0.1:$port" --cluster-id "$cluster" \
    --experiments "$experiments" --sleep-ms "$sleep_ms" --cluster-slots $((silos * slots))
  kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; pids=()
done
