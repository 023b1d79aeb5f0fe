#!/usr/bin/python3
"""The int8 path a user would otherwise pick on this CPU: PyTorch's own (Debian's python3-torch 1.13).

Rebuilds each model from the fp32 ONNX file that `quantgrid bench infer --keep DIR` wrote (the very weights
ONNX Runtime ran), quantizes it with PyTorch's FX graph mode (oneDNN quantized engine, per-channel weights,
calibrated on 256 training images), traces and freezes both the fp32 and the int8 model, and prints one JSON
object per model and batch size: median milliseconds per image over --runs (batch 1) and --batch-runs
(batch 64) timed runs after warm-up, with --threads torch threads, and the int8 model's test accuracy.
Run it with Debian's interpreter (/usr/bin/python3) and its python3-torch and python3-onnx packages.
"""
import argparse
import gzip
import json
import statistics
import struct
import time
from pathlib import Path

import numpy as np
import onnx
from onnx import numpy_helper
import torch
from torch import nn
from torch.ao.quantization import get_default_qconfig_mapping
from torch.ao.quantization.quantize_fx import convert_fx, prepare_fx

MEAN, STD = 0.2860, 0.3530


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, count = struct.unpack(">ii", data[:8])
    if magic == 2051:
        rows, cols = struct.unpack(">ii", data[8:16])
        return np.frombuffer(data, np.uint8, offset=16).reshape(count, 1, rows, cols)
    return np.frombuffer(data, np.uint8, offset=8)


def images(data_dir, split, limit):
    pixels = read_idx(Path(data_dir) / f"{split}-images-idx3-ubyte.gz")[:limit]
    labels = read_idx(Path(data_dir) / f"{split}-labels-idx1-ubyte.gz")[:limit]
    x = (pixels.astype(np.float32) / 255.0 - MEAN) / STD
    return torch.from_numpy(x.copy()), torch.from_numpy(labels.astype(np.int64).copy())


class Adapter(nn.Module):
    """The engine's input adapter: 2 edge pixels of padding, grey channel repeated (kept in float)."""

    def forward(self, x):
        return nn.functional.pad(x, (2, 2, 2, 2), mode="replicate").expand(-1, 3, -1, -1)


class Body(nn.Module):
    def __init__(self, layers):
        super().__init__()
        self.layers = nn.Sequential(*layers)

    def forward(self, x):
        return self.layers(x)


def from_onnx(path):
    """(adapter or None, body) from the fp32 graph: Pad/Expand, Conv, Gemm, Relu, Clip, MaxPool, GlobalAveragePool, Flatten."""
    model = onnx.load(str(path))
    weights = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in model.graph.initializer}
    adapter, layers = None, []
    for node in model.graph.node:
        attributes = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        if node.op_type in ("Pad", "Expand"):
            adapter = Adapter()
        elif node.op_type == "Conv":
            w, b = weights[node.input[1]], weights[node.input[2]]
            groups = attributes.get("group", 1)
            conv = nn.Conv2d(w.shape[1] * groups, w.shape[0], w.shape[2], stride=attributes["strides"][0], padding=attributes["pads"][0], groups=groups)
            conv.weight.data.copy_(w)
            conv.bias.data.copy_(b)
            layers.append(conv)
        elif node.op_type == "Gemm":
            w, b = weights[node.input[1]], weights[node.input[2]]
            linear = nn.Linear(w.shape[1], w.shape[0])
            linear.weight.data.copy_(w)
            linear.bias.data.copy_(b)
            layers.append(linear)
        elif node.op_type == "Relu":
            layers.append(nn.ReLU())
        elif node.op_type == "Clip":
            layers.append(nn.ReLU6())
        elif node.op_type == "MaxPool":
            layers.append(nn.MaxPool2d(2))
        elif node.op_type == "GlobalAveragePool":
            layers.append(nn.AdaptiveAvgPool2d(1))
        elif node.op_type == "Flatten":
            layers.append(nn.Flatten())
        else:
            raise SystemExit(f"{path}: unexpected node {node.op_type}")
    return adapter, Body(layers).eval()


def median_ms_per_image(model, x, runs, warmup=10):
    times = []
    with torch.no_grad():
        for i in range(warmup + runs):
            start = time.perf_counter()
            model(x)
            if i >= warmup:
                times.append((time.perf_counter() - start) * 1000 / x.shape[0])
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--onnx-dir", required=True)
    parser.add_argument("--models", default="cnn,mobilenet,vgg16")
    parser.add_argument("--data", default=str(Path(__file__).resolve().parents[2] / "shared" / "data" / "fashion-mnist"))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--batch-runs", type=int, default=50)
    parser.add_argument("--test-limit", type=int, default=2000)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.backends.quantized.engine = "onednn"
    calibration, _ = images(args.data, "train", 256)
    test, labels = images(args.data, "t10k", args.test_limit)
    for name in args.models.split(","):
        adapter, body = from_onnx(Path(args.onnx_dir) / f"{name}.fp32.onnx")
        adapt = (lambda x: adapter(x)) if adapter else (lambda x: x)
        example = adapt(test[:1])
        prepared = prepare_fx(body, get_default_qconfig_mapping("onednn"), example_inputs=(example,))
        with torch.no_grad():
            for start in range(0, 256, 64):
                prepared(adapt(calibration[start:start + 64]))
        quantized = convert_fx(prepared)

        class Full(nn.Module):
            def __init__(self, inner):
                super().__init__()
                self.adapter = adapter if adapter else nn.Identity()
                self.inner = inner

            def forward(self, x):
                return self.inner(self.adapter(x))

        with torch.no_grad():
            fp32 = torch.jit.freeze(torch.jit.trace(Full(body).eval(), test[:64]))
            int8 = torch.jit.freeze(torch.jit.trace(Full(quantized).eval(), test[:64]))
            accuracy = (int8(test).argmax(1) == labels).float().mean().item()
        for batch, runs in ((1, args.runs), (64, args.batch_runs)):
            x = test[:batch]
            print(json.dumps({
                "model": name,
                "batch": batch,
                "threads": args.threads,
                "engine": torch.backends.quantized.engine,
                "torch": torch.__version__,
                "pytorchFp32MsPerImage": round(median_ms_per_image(fp32, x, runs), 4),
                "pytorchInt8MsPerImage": round(median_ms_per_image(int8, x, runs), 4),
                "pytorchInt8Accuracy": round(accuracy * 100, 2),
            }), flush=True)


if __name__ == "__main__":
    main()
