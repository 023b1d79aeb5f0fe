#!/usr/bin/env bash
# How soon the headline sweep shows its first results: runs `quantgrid sweep --bits 2,4,8 --models all` from a
# fresh artifact store (every float model trained anew) with its line log, stops it once every CNN result is
# in, and prints when each arrived, counted from the command's start. Usage: scripts/first-results.sh [work-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
rm -rf "$work/artifacts" && mkdir -p "$work"
dotnet build src/Client -c Release -v q -nologo >/dev/null
log="$work/first-results.log"
start=$(date +%s)
dotnet src/Client/bin/Release/net10.0/quantgrid.dll sweep --bits 2,4,8 --models all --artifacts "$work/artifacts" \
  --out "$work/out" >"$log" 2>&1 &
sweep=$!
trap 'kill "$sweep" 2>/dev/null || true' EXIT
while [ "$(grep -c '^[^ ]* done \[[0-9]*/[0-9]*\] cnn-' "$log" || true)" -lt 7 ]; do
  kill -0 "$sweep" 2>/dev/null || { echo "the sweep stopped before every CNN result was in (see $log)"; exit 1; }
  sleep 5
done
kill -TERM "$sweep"; wait "$sweep" || true
grep '^[^ ]* done \[[0-9]*/[0-9]*\] cnn-' "$log" | while read -r stamp _ _ id rest; do
  printf '%5d s  %s %s\n' $(( $(date -d "$stamp" +%s) - start )) "${id%:}" "${rest%% on *}"
done
