#!/usr/bin/env bash
# Reproduces every accuracy and size figure of README.md and docs/RESULTS.md from scratch (fresh float
# models in a fresh artifact store). Usage: scripts/reproduce-results.sh [artifacts-dir] [section ...]
# Sections (default: all, in this order): readme cnn cnn-uniform bias-correction calibration calibration-validation calibration-deep rounding
# rounding-deep mobilenet-vgg16 mobilenet-2bit search-cnn search-cnn-ptq search-mobilenet recipes-cnn epochs-cnn spread tables; `headline` (the full three-model sweep,
# about 2 hours), `headline-cnn` (the CNN at three seeds, about 20 minutes), `headline-2bit` (2-bit PTQ of VGG16 and MobileNet taken apart, about 20 minutes after `headline`), `eta` (the headline grid at the reduced budget with its ETA checked, about an hour), `eta-2threads` (the same on two threads, under an hour) and `recipes-deep` (hours) only when named.
# Sweep tables land in docs/results/<name>/summary.md; single quantize runs as JSON in
# docs/results/<name>/runs.jsonl, summarised by scripts/results-tables.py. Several hours on 2 cores.
# Sections whose committed results were made before `--rounding auto` became the default pass `--rounding nearest`, and those
# made before MobileNet's depthwise layers stayed at 8 bits by default pass `--edge-layers eightbit`, and those made before
# `--calibration auto` chose MSE clipping for PTQ below 4 bits pass `--calibration percentile`.
set -euo pipefail
cd "$(dirname "$0")/.."
artifacts=${1:-artifacts/reproduce}
shift || true
sections=("$@")
[ ${#sections[@]} -gt 0 ] || sections=(readme cnn cnn-uniform bias-correction calibration calibration-validation calibration-deep rounding rounding-deep mobilenet-vgg16 mobilenet-2bit search-cnn search-cnn-ptq search-mobilenet recipes-cnn epochs-cnn spread tables)
dotnet build src/Client -c Release -v q -nologo >/dev/null
quantgrid() { dotnet src/Client/bin/Release/net10.0/quantgrid.dll "$@" --artifacts "$artifacts"; }
step() { echo "== $(date -u +%H:%M:%S) $*" >&2; }

readme() { # the README's run command (seed 0, auto calibration)
  quantgrid sweep --models cnn --bits 2,4,8 --out docs/results/readme
}

cnn() { # three seeds, first and last layers at 8 bits
  quantgrid sweep --models cnn --seeds 0,1,2 --bits 2,4,8 --calibration percentile --rounding nearest --out docs/results/cnn
}

cnn-uniform() { # three seeds, every layer at the requested width
  quantgrid sweep --models cnn --methods ptq,qat --seeds 0,1,2 --bits 2,4,8 --edge-layers uniform \
    --calibration percentile --rounding nearest --out docs/results/cnn-uniform
}

bias-correction() {
  mkdir -p docs/results/bias-correction
  : >docs/results/bias-correction/runs.jsonl
  for b in 2 4; do for bc in "" --no-bias-correction; do for e in eightbit uniform; do for s in 0 1 2; do
    quantgrid quantize --model cnn --method ptq --bits $b --seed $s --edge-layers $e $bc --calibration percentile --rounding nearest --json \
      >>docs/results/bias-correction/runs.jsonl
  done; done; done; done
}

calibration() {
  mkdir -p docs/results/calibration
  : >docs/results/calibration/runs.jsonl
  for c in minmax percentile mse; do
    for b in 2 4 8; do
      quantgrid quantize --model cnn --method ptq --bits $b --calibration $c --rounding nearest --json >>docs/results/calibration/runs.jsonl
    done
    for b in 4 8; do
      quantgrid quantize --model mobilenet --method ptq --bits $b --train-limit 10000 --test-limit 2000 --epochs 3 \
        --calibration $c --rounding nearest --edge-layers eightbit --json >>docs/results/calibration/runs.jsonl
    done
  done
}

calibration-validation() { # each calibration method chosen on the validation split: CNN PTQ at 2-8 bits, three seeds
  for c in minmax percentile mse movingaverage; do
    quantgrid sweep --models cnn --methods ptq --bits 2,3,4,8 --seeds 0,1,2 --validation 5000 --calibration $c --edge-layers eightbit --threads 1 \
      --out docs/results/calibration-validation/$c
  done
}

calibration-deep() { # the calibration of 2-bit PTQ chosen on validation for MobileNet and VGG16 (reduced budget, one thread; percentile also at 3 bits)
  local bits
  for c in percentile mse; do
    [ "$c" = percentile ] && bits=2,3 || bits=2
    quantgrid sweep --models mobilenet,vgg16 --methods ptq --bits "$bits" --validation 5000 --train-limit 10000 --test-limit 2000 --epochs 3 \
      --threads 1 --calibration $c --out docs/results/calibration-deep/$c
  done
}

rounding() { # nearest rounding against AdaRound, 2-bit weights, three seeds
  mkdir -p docs/results/rounding
  : >docs/results/rounding/runs.jsonl
  for e in eightbit uniform; do for a in 2 8; do for r in nearest adaround; do for s in 0 1 2; do
    quantgrid quantize --model cnn --method ptq --bits 2 --act-bits $a --seed $s --edge-layers $e --rounding $r --calibration percentile --json \
      >>docs/results/rounding/runs.jsonl
  done; done; done; done
}

rounding-deep() { # the default rounding (auto: AdaRound at <= 3 bits) against nearest on MobileNet and VGG16, reduced budget
  mkdir -p docs/results/rounding-deep
  : >docs/results/rounding-deep/runs.jsonl
  for m in mobilenet vgg16; do for b in 2 3; do for r in nearest auto; do
    quantgrid quantize --model $m --method ptq --bits $b --rounding $r --edge-layers eightbit --calibration percentile --train-limit 10000 --test-limit 2000 --epochs 3 --json \
      >>docs/results/rounding-deep/runs.jsonl
  done; done; done
  # MobileNet at 2 bits with wider activations and depthwise layers (odd layers 1-25), nearest rounding
  local edge8=8-$(printf '2-%.0s' {1..26})8 all8=$(printf '8-%.0s' {1..27})8 dw8=8-$(printf '8-2-%.0s' {1..13})8
  : >docs/results/rounding-deep/mobilenet-maps.jsonl
  for map in "w$dw8/a$dw8" "w$edge8/a$all8" "w$dw8/a$all8"; do
    quantgrid quantize --model mobilenet --method ptq --bit-map "$map" --rounding nearest --train-limit 10000 --test-limit 2000 \
      --epochs 3 --json >>docs/results/rounding-deep/mobilenet-maps.jsonl
  done
}

mobilenet-vgg16() { # reduced budget: one seed, 10k training images, 3 float epochs, 1 QAT epoch
  quantgrid sweep --models mobilenet,vgg16 --bits 2,4,8 --seeds 0 --train-limit 10000 --test-limit 2000 \
    --epochs 3 --qat-epochs 1 --calibration percentile --rounding nearest --edge-layers eightbit --out docs/results/mobilenet-vgg16
}

search-cnn() { # smallest mixed-precision CNN within 1 point of float, and the best one under 8 %; three seeds
  quantgrid search --model cnn --target-drop 1.0 --seeds 0,1,2 --methods ptq,qat --rounding nearest --out docs/results/search-cnn
  quantgrid search --model cnn --budget-ratio 0.08 --seeds 0,1,2 --methods ptq,qat --rounding nearest --out docs/results/search-cnn-8pct
}

search-cnn-ptq() { # the same drop target by PTQ alone: the sensitivity table with its output SQNR (about 3 minutes)
  quantgrid search --model cnn --target-drop 1.0 --seeds 0,1,2 --methods ptq --rounding nearest --out docs/results/search-cnn-ptq
}

search-mobilenet() { # reduced budget as above; the second search reuses the first's sensitivity probes
  quantgrid search --model mobilenet --target-drop 1.0 --methods ptq,qat --rounding nearest --train-limit 10000 --test-limit 2000 \
    --epochs 3 --qat-epochs 1 --out docs/results/search-mobilenet
  quantgrid search --model mobilenet --budget-ratio 0.094 --methods ptq,qat --rounding nearest --train-limit 10000 --test-limit 2000 \
    --epochs 3 --qat-epochs 1 --out docs/results/search-mobilenet-3bit
}

mobilenet-2bit() { # what recovers MobileNet at W2A2 (reduced budget as mobilenet-vgg16, one torch thread), then the depthwise default at 2 and 4 bits
  local dw8="w8-8-2-8-2-8-2-8-2-8-2-8-2-8-2-8-2-8-2-8-2-8-2-8-2-8-2-8/a8-8-2-8-2-8-2-8-2-8-2-8-2-8-2-8-2-8-2-8-2-8-2-8-2-8-2-8"
  local out=docs/results/mobilenet-2bit/runs.jsonl
  mkdir -p docs/results/mobilenet-2bit && : > "$out"
  q() { quantgrid quantize --model mobilenet --train-limit 10000 --test-limit 2000 --epochs 3 --threads 1 --json "$@" | tr -d '\n' >> "$out"; echo >> "$out"; }
  q --method qat --bits 2 --qat-epochs 1 --edge-layers eightbit
  q --method qat --bits 2 --qat-epochs 1 --edge-layers eightbit --distill
  q --method qat --bit-map "$dw8" --qat-epochs 1
  q --method qat --bits 2 --qat-epochs 3 --edge-layers eightbit
  q --method qat --bit-map "$dw8" --qat-epochs 3 --distill
  q --method ptq --bits 2 --calibration percentile
  q --method qat --bits 4 --qat-epochs 1
  q --method ptq --bits 4
}

recipes-cnn() { # float CNN recipes chosen on the validation split (5,000 held-out training images), seed 0
  : > docs/results/recipes-cnn/runs.jsonl
  for recipe in plain augmented; do for epochs in 5 10 15; do
    quantgrid train --model cnn --validation 5000 --epochs "$epochs" --recipe "$recipe" --no-save --json | tr -d '\n' >> docs/results/recipes-cnn/runs.jsonl
    echo >> docs/results/recipes-cnn/runs.jsonl
  done; done
}

epochs-cnn() { # the CNN's float epochs, 5 against 10, chosen on the validation split at three seeds (one torch thread)
  mkdir -p docs/results/epochs-cnn
  : > docs/results/epochs-cnn/runs.jsonl
  for seed in 0 1 2; do for epochs in 5 10; do
    quantgrid train --model cnn --validation 5000 --epochs "$epochs" --seed "$seed" --threads 1 --no-save --json | tr -d '\n' >> docs/results/epochs-cnn/runs.jsonl
    echo >> docs/results/epochs-cnn/runs.jsonl
  done; done
}

recipes-deep() { # MobileNet and VGG16 float recipes chosen on the validation split, full data, default epochs, one torch thread (hours)
  mkdir -p docs/results/recipes-deep
  : > docs/results/recipes-deep/runs.jsonl
  for model in mobilenet vgg16; do for recipe in plain augmented; do
    quantgrid train --model "$model" --validation 5000 --recipe "$recipe" --threads 1 --json | tr -d '\n' >> docs/results/recipes-deep/runs.jsonl
    echo >> docs/results/recipes-deep/runs.jsonl
  done; done
}

spread() { # the README sweep under other kernels: one torch thread, and oneDNN limited to AVX2 (fresh float models)
  dotnet src/Client/bin/Release/net10.0/quantgrid.dll sweep --models cnn --bits 2,4,8 --threads 1 \
    --artifacts "$artifacts/spread-threads-1" --out docs/results/spread/threads-1
  ONEDNN_MAX_CPU_ISA=AVX2 dotnet src/Client/bin/Release/net10.0/quantgrid.dll sweep --models cnn --bits 2,4,8 \
    --artifacts "$artifacts/spread-avx2" --out docs/results/spread/avx2
  # the earlier defaults' PTQ 2 columns: percentile clipping (spread/percentile) and nearest rounding too (spread/nearest);
  # their committed directories hold the whole sweeps of the day, whose 4- and 8-bit PTQ rows used min-max clipping
  for c in percentile nearest; do
    local extra=(--calibration percentile) && [ "$c" = nearest ] && extra+=(--rounding nearest)
    quantgrid sweep --models cnn --methods ptq --bits 2 "${extra[@]}" --out docs/results/spread/$c/readme
    dotnet src/Client/bin/Release/net10.0/quantgrid.dll sweep --models cnn --methods ptq --bits 2 --threads 1 "${extra[@]}" \
      --artifacts "$artifacts/spread-threads-1" --out docs/results/spread/$c/threads-1
    ONEDNN_MAX_CPU_ISA=AVX2 dotnet src/Client/bin/Release/net10.0/quantgrid.dll sweep --models cnn --methods ptq --bits 2 "${extra[@]}" \
      --artifacts "$artifacts/spread-avx2" --out docs/results/spread/$c/avx2
  done
}

headline() { # the headline command at its own defaults (about 2 hours on 2 cores; resumable: run it again after an interruption,
  # its line log is appended to), then how honest its ETA was
  mkdir -p docs/results/headline
  quantgrid sweep --bits 2,4,8 --models all --out docs/results/headline >>docs/results/headline/run.log 2>&1 || true
  scripts/eta-error.py docs/results/headline/run.log | tee docs/results/headline/eta-error.txt
}

headline-2bit() { # what makes 2-bit PTQ collapse at full budget (VGG16) or fall short (MobileNet): weights and activations apart,
  # and VGG16's activation ranges (reuses the headline's float models when given the same artifacts; minutes each on 2 cores)
  local out=docs/results/headline-2bit/runs.jsonl
  mkdir -p docs/results/headline-2bit && : > "$out"
  q() { quantgrid quantize --json "$@" | tr -d '\n' >> "$out"; echo >> "$out"; }
  q --model vgg16 --bits 8 --act-bits 2
  q --model vgg16 --bits 2 --act-bits 8
  q --model vgg16 --bits 2 --act-bits 4
  q --model vgg16 --bits 8 --act-bits 2 --calibration mse
  q --model vgg16 --bits 8 --act-bits 2 --calibration minmax
  q --model mobilenet --bits 2 --act-bits 4
  q --model mobilenet --bits 2 --act-bits 8
  q --model mobilenet --bits 8 --act-bits 2
}

headline-cnn() { # the headline's defaults for the CNN at three seeds (the CNN goals of the full-budget issue are means over seeds)
  quantgrid sweep --models cnn --seeds 0,1,2 --bits 2,4,8 --threads 1 --out docs/results/headline-cnn
}

eta() { # how honest the ETA is: the headline grid at the reduced budget on one pinned core, then its line log checked by eta-error.py
  # (the measurement before the speed probe, with the defaults of its day, is kept in docs/results/eta/before-probe)
  mkdir -p docs/results/eta
  taskset -c 0 dotnet src/Client/bin/Release/net10.0/quantgrid.dll sweep --bits 2,4,8 --models all --train-limit 10000 --test-limit 2000 \
    --epochs 3 --qat-epochs 1 --threads 1 --artifacts "$artifacts/eta" --out docs/results/eta >docs/results/eta/run.log 2>&1
  scripts/eta-error.py docs/results/eta/run.log | tee docs/results/eta/eta-error.txt
}

eta-2threads() { # the same grid at the sweep's defaults (both cores, two torch threads), its line log checked the same way
  mkdir -p docs/results/eta-2threads
  dotnet src/Client/bin/Release/net10.0/quantgrid.dll sweep --bits 2,4,8 --models all --train-limit 10000 --test-limit 2000 \
    --epochs 3 --qat-epochs 1 --artifacts "$artifacts/eta-2threads" --out docs/results/eta-2threads >docs/results/eta-2threads/run.log 2>&1
  scripts/eta-error.py docs/results/eta-2threads/run.log | tee docs/results/eta-2threads/eta-error.txt
}

tables() {
  scripts/results-tables.py
}

for section in "${sections[@]}"; do
  step "$section"
  "$section"
done
step "done"
