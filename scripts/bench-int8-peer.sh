#!/usr/bin/env bash
# ONNX Runtime int8 (QuantGrid's export) and PyTorch's own int8 path (Debian's python3-torch 1.13, oneDNN
# engine, FX quantization, traced and frozen) on the same fp32 weights, one after the other in one run:
#   scripts/bench-int8-peer.sh [--models cnn,mobilenet,vgg16] [--threads 2] [--runs 1000] [--batch-runs 50] [--artifacts DIR]
# Needs: apt-get install python3-torch python3-onnx. Prints both JSON reports, then a side-by-side table.
set -euo pipefail
cd "$(dirname "$0")/.."
models=cnn,mobilenet,vgg16 threads=2 runs=1000 batch_runs=50 artifacts=artifacts
while [ $# -gt 0 ]; do
  case "$1" in
    --models) models=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --batch-runs) batch_runs=$2; shift 2 ;;
    --artifacts) artifacts=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build -c Release src/Client -v q -nologo >/dev/null
dotnet src/Client/bin/Release/net10.0/quantgrid.dll bench infer --models "$models" --threads "$threads" --runs "$runs" \
  --batch-runs "$batch_runs" --artifacts "$artifacts" --keep "$work" --json > "$work/ort.json"
/usr/bin/python3 scripts/pytorch-int8-peer.py --onnx-dir "$work" --models "$models" --threads "$threads" --runs "$runs" \
  --batch-runs "$batch_runs" > "$work/pytorch.jsonl"
cat "$work/ort.json"; echo; cat "$work/pytorch.jsonl"
/usr/bin/python3 - "$work/ort.json" "$work/pytorch.jsonl" <<'PY'
import json, sys
ort = {(r["model"], r["batch"]): r for r in json.load(open(sys.argv[1]))}
print(f"\n{'model':<10} {'batch':>5} {'weights':<8} {'ORT int8':>9} {'PyTorch int8':>13} {'ORT/PyTorch':>12} {'ORT fp32':>9} {'PyTorch fp32':>13} {'TorchSharp fp32':>16}")
for line in open(sys.argv[2]):
    p = json.loads(line)
    o = ort[(p["model"], p["batch"])]
    print(f"{p['model']:<10} {p['batch']:>5} {o['weights']:<8} {o['ortInt8MsPerImage']:>9.4f} {p['pytorchInt8MsPerImage']:>13.4f} {o['ortInt8MsPerImage'] / p['pytorchInt8MsPerImage']:>11.2f}x"
          f" {o['ortFp32MsPerImage']:>9.4f} {p['pytorchFp32MsPerImage']:>13.4f} {o['torchFp32MsPerImage']:>16.4f}")
PY
