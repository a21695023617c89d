#!/usr/bin/env python3
"""The numpy baseline of the issue's fit target: Linear-AcT's sort-and-least-squares on 4096 source and 4096
target samples x 1024 channels (float32 in, float64 sums), the shape of TransportFitBenchmark. Prints fits/s
(best of 10 calls after a warm-up). Usage: python3 benchmarks/scripts/numpy_fit_baseline.py"""
import time

import numpy as np

SAMPLES, CHANNELS = 4096, 1024


def fit(source, target):
    a = np.sort(source, axis=0).astype(np.float64)
    b = np.sort(target, axis=0).astype(np.float64)
    ac = a - a.mean(axis=0)
    bc = b - b.mean(axis=0)
    omega = (ac * bc).sum(axis=0) / (ac * ac).sum(axis=0)
    beta = b.mean(axis=0) - omega * a.mean(axis=0)
    return omega, beta, source.min(axis=0), source.max(axis=0)


def main():
    rng = np.random.default_rng(7)
    source = (0.5 + 1.5 * rng.standard_normal((SAMPLES, CHANNELS))).astype(np.float32)
    target = (-1 + 0.7 * rng.standard_normal((SAMPLES, CHANNELS))).astype(np.float32)
    fit(source, target)
    best = float("inf")
    for _ in range(10):
        start = time.perf_counter()
        fit(source, target)
        best = min(best, time.perf_counter() - start)
    print(f"numpy {np.__version__}: {1 / best:.2f} fits/s ({best * 1e3:.1f} ms per fit, {SAMPLES}x{CHANNELS})")


if __name__ == "__main__":
    main()
