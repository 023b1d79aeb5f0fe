#!/usr/bin/env bash
# A bit-allocation search through 1 and then 2 silo processes (Redis clustering on loopback), each silo with one
# worker slot and one torch thread pinned to a core of its own: the speed-up of the search's wall time.
# Every run starts from empty artifacts and an empty Redis (its float model is trained again, nothing is reused).
# Extra arguments go to `quantgrid search`; SILOS="1 2" (the default) picks the runs.
# Usage: [SILOS="1 2"] scripts/bench-search-scaling.sh [search options...]
#   e.g. scripts/bench-search-scaling.sh --model mobilenet --train-limit 2000 --epochs 1 --validation 1000 \
#          --test-limit 1000 --widths 2,4,8 --rounding nearest --verify 3
set -euo pipefail
cd "$(dirname "$0")/.."
data=${QUANTGRID_DATA:-$(realpath ../shared/data/fashion-mnist)}
dotnet build -c Release -v q -nologo >/dev/null
source scripts/lib/loopback-redis.sh

start_silo() { # index cluster-id core
  QuantGrid__Cluster__Provider=redis QuantGrid__Cluster__Redis=127.0.0.1:$port QuantGrid__Cluster__ClusterId=$2 \
  QuantGrid__Cluster__AdvertisedAddress=127.0.0.1 QuantGrid__Cluster__SiloPort=$((port + 10 + $1)) QuantGrid__Cluster__GatewayPort=$((port + 20 + $1)) \
  QuantGrid__Worker__Slots=1 QuantGrid__Worker__TorchThreads=1 QuantGrid__Worker__Role=cpu QuantGrid__Worker__DataDirectory="$data" \
  QuantGrid__Worker__ArtifactDirectory=$work/artifacts-$2 Urls=http://127.0.0.1:$((port + 30 + $1)) \
  taskset -c "$3" dotnet src/Silo/bin/Release/net10.0/QuantGrid.Silo.dll >"$work/silo-$2-$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$((port + 30 + $1))/healthz" >/dev/null && return; sleep 0.5; done
  echo "silo $1 did not start"; exit 1
}

declare -A wall
for silos in ${SILOS:-1 2}; do
  cluster="search$silos"
  redis-cli -p "$port" flushall >/dev/null
  for i in $(seq 1 "$silos"); do start_silo "$((silos * 2 + i))" "$cluster" "$((i - 1))"; done
  start=$(date +%s.%N)
  dotnet src/Client/bin/Release/net10.0/quantgrid.dll search --cluster "127.0.0.1:$port" --cluster-id "$cluster" --data "$data" \
    --out "$work/out-$silos" --quiet --json "$@" >"$work/search-$silos.json"
  wall[$silos]=$(python3 -c "import time; print(f'{time.time() - $start:.1f}')")
  python3 - "$work/search-$silos.json" "$silos" "${wall[$silos]}" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]} silo(s): {sys.argv[3]} s; chosen {r['bitMap']}, validation-chosen test accuracy {r['accuracy']:.2f} % "
      f"(float {r['floatAccuracy']:.2f} %), {r['modelBytes']:,} of {r['floatModelBytes']:,} bytes")
PY
  kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; pids=()
done
if [[ -n "${wall[1]:-}" && -n "${wall[2]:-}" ]]; then python3 -c "print(f'speed-up with 2 silos: {${wall[1]} / ${wall[2]}:.2f}x')"; fi
