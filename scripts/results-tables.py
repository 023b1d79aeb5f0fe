#!/usr/bin/env python3
"""Prints the bias-correction, calibration and rounding tables of docs/RESULTS.md from the JSON written by
scripts/reproduce-results.sh (docs/results/{bias-correction,calibration,rounding,rounding-deep}/runs.jsonl)."""
import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path

root = Path(__file__).resolve().parent.parent / "docs" / "results"


def load(name):
    text, decoder, i, runs = (root / name / "runs.jsonl").read_text(), json.JSONDecoder(), 0, []
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i == len(text):
            return runs
        run, i = decoder.raw_decode(text, i)
        if run["status"] != "succeeded":
            sys.exit(f"{name}: {run['model']} {run['method']} {run['bits']} failed: {run['error']}")
        runs.append(run)


def cell(values):
    mean = statistics.mean(values)
    return f"{mean:.2f} ± {statistics.stdev(values):.2f}" if len(values) > 1 else f"{mean:.2f}"


groups = defaultdict(list)
for run in load("bias-correction"):
    groups[(run["bits"], run["edgeLayers"], run["biasCorrection"])].append(run["accuracy"])
print("| bits | edge layers | plain rounding | with bias correction | difference |\n|---|---|---|---|---|")
for bits in sorted({k[0] for k in groups}, reverse=True):
    for edges in ("eightbit", "uniform"):
        plain, corrected = groups[(bits, edges, False)], groups[(bits, edges, True)]
        delta = statistics.mean(corrected) - statistics.mean(plain)
        print(f"| {bits} | {edges} | {cell(plain)} | {cell(corrected)} | {delta:+.2f} |")

table = defaultdict(dict)
for run in load("calibration"):
    table[(run["model"], run["bits"])][run["calibration"]] = run["accuracy"]
print("\n| model, bits | min-max | percentile (99.99 %) | MSE-optimal clip |\n|---|---|---|---|")
for (model, bits), row in sorted(table.items(), key=lambda kv: (kv[0][0] != "cnn", -kv[0][1])):
    print(f"| {model}, {bits} | " + " | ".join(f"{row[c]:.2f}" for c in ("minmax", "percentile", "mse")) + " |")

groups = defaultdict(list)
for run in load("rounding"):
    groups[(run["edgeLayers"], run["activationBits"], run["rounding"])].append(run)
print("\n| edge layers | weights, activations | nearest rounding | AdaRound | difference | AdaRound seconds |\n|---|---|---|---|---|---|")
for edges in ("eightbit", "uniform"):
    for act in (8, 2):
        nearest, learned = groups[(edges, act, "nearest")], groups[(edges, act, "adaround")]
        if not nearest:
            continue
        a, b = [r["accuracy"] for r in nearest], [r["accuracy"] for r in learned]
        seconds = statistics.mean(r["quantizeSeconds"] for r in learned)
        print(f"| {edges} | W2A{act} | {cell(a)} | {cell(b)} | {statistics.mean(b) - statistics.mean(a):+.2f} | {seconds:.0f} |")

runs = {(r["model"], r["bits"], r["rounding"]): r for r in load("rounding-deep")}
print("\n| model | bits (W/A) | float | nearest rounding | auto (AdaRound) | difference | nearest s | auto s |\n|---|---|---|---|---|---|---|---|")
for model in ("mobilenet", "vgg16"):
    for bits in (2, 3):
        nearest, auto = runs.get((model, bits, "nearest")), runs.get((model, bits, "auto"))
        if nearest and auto:
            print(f"| {model} | {bits} | {nearest['floatAccuracy']:.2f} | {nearest['accuracy']:.2f} | {auto['accuracy']:.2f} | "
                  f"{auto['accuracy'] - nearest['accuracy']:+.2f} | {nearest['quantizeSeconds']:.0f} | {auto['quantizeSeconds']:.0f} |")
