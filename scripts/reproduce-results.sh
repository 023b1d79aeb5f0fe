#!/usr/bin/env bash
# Reproduces every accuracy and size figure of README.md and docs/RESULTS.md from scratch (fresh float
# models in a fresh artifact store). Usage: scripts/reproduce-results.sh [artifacts-dir]
# Sweep tables land in docs/results/<name>/summary.md; single quantize runs as JSON lines in
# docs/results/<name>/runs.jsonl. About 45 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
artifacts=${1:-artifacts/reproduce}
dotnet build src/Client -c Release -v q -nologo >/dev/null
quantgrid() { dotnet src/Client/bin/Release/net10.0/quantgrid.dll "$@" --artifacts "$artifacts"; }
step() { echo "== $(date -u +%H:%M:%S) $*" >&2; }

step "README: the run command (seed 0, auto calibration)"
quantgrid sweep --models cnn --bits 2,4,8 --out docs/results/readme

step "CNN, three seeds, eight-bit edge layers"
quantgrid sweep --models cnn --seeds 0,1,2 --bits 2,4,8 --calibration percentile --out docs/results/cnn
step "CNN, three seeds, every layer at the requested width"
quantgrid sweep --models cnn --methods ptq,qat --seeds 0,1,2 --bits 2,4,8 --edge-layers uniform \
  --calibration percentile --out docs/results/cnn-uniform

step "PTQ with and without bias correction"
mkdir -p docs/results/bias-correction docs/results/calibration
: >docs/results/bias-correction/runs.jsonl
for b in 2 4; do for bc in "" --no-bias-correction; do for e in eightbit uniform; do for s in 0 1 2; do
  quantgrid quantize --model cnn --method ptq --bits $b --seed $s --edge-layers $e $bc --calibration percentile --json \
    >>docs/results/bias-correction/runs.jsonl
done; done; done; done

step "Calibration methods"
: >docs/results/calibration/runs.jsonl
for c in minmax percentile mse; do
  for b in 2 4 8; do
    quantgrid quantize --model cnn --method ptq --bits $b --calibration $c --json >>docs/results/calibration/runs.jsonl
  done
  for b in 4 8; do
    quantgrid quantize --model mobilenet --method ptq --bits $b --train-limit 10000 --test-limit 2000 --epochs 3 \
      --calibration $c --json >>docs/results/calibration/runs.jsonl
  done
done

step "MobileNet and VGG16, reduced budget"
quantgrid sweep --models mobilenet,vgg16 --bits 2,4,8 --seeds 0 --train-limit 10000 --test-limit 2000 \
  --epochs 3 --qat-epochs 1 --calibration percentile --out docs/results/mobilenet-vgg16

step "tables for docs/RESULTS.md"; scripts/results-tables.py
step "done"
