#!/usr/bin/env python3
"""Prints Markdown tables of KeyedLimiterBenchmark results: one JMH JSON file per thread count.

Usage: jmh-table.py t1.json t2.json
"""
import json
import sys

rows = {}
for path in sys.argv[1:]:
    for result in json.load(open(path)):
        name = result["benchmark"].rsplit(".", 1)[1]
        key = (name, int(result["params"]["keys"]), result["threads"])
        metric = result["primaryMetric"]
        rows[key] = (metric["score"], metric["scoreError"])

threads = sorted({t for (_, _, t) in rows})
keys = sorted({k for (_, k, _) in rows})
names = sorted({n for (n, _, _) in rows}, key=lambda n: (not n.startswith("limiter4j"), n))


def cell(name, k, t):
    score, error = rows.get((name, k, t), (None, None))
    return "-" if score is None else f"{score:.2f} ± {error:.2f}"


header = " | ".join(f"{k:,} key{'s' if k > 1 else ''}, {t} thread{'s' if t > 1 else ''}"
                    for k in keys for t in threads)
print(f"| benchmark (ops/µs, higher is better) | {header} |")
print("|---|" + "---|" * (len(keys) * len(threads)))
for name in names:
    print(f"| {name} | " + " | ".join(cell(name, k, t) for k in keys for t in threads) + " |")

print()
print("| ratio | " + header + " |")
print("|---|" + "---|" * (len(keys) * len(threads)))
ratios = [
    ("limiter4j fixed window hit / Bucket4j keyed", "limiter4jFixedWindowHit", "bucket4jKeyedHit"),
    ("limiter4j sliding window hit / Bucket4j keyed", "limiter4jSlidingWindowHit", "bucket4jKeyedHit"),
    ("limiter4j moving window hit / Bucket4j keyed", "limiter4jMovingWindowHit", "bucket4jKeyedHit"),
    ("limiter4j fixed window hit / Resilience4j keyed", "limiter4jFixedWindowHit", "resilience4jKeyedHit"),
    ("limiter4j fixed window hit / Guava keyed", "limiter4jFixedWindowHit", "guavaKeyedHit"),
    ("limiter4j moving window hit / limiter4j fixed window hit", "limiter4jMovingWindowHit", "limiter4jFixedWindowHit"),
]
for label, a, b in ratios:
    cells = []
    for k in keys:
        for t in threads:
            x, y = rows.get((a, k, t)), rows.get((b, k, t))
            cells.append("-" if not x or not y else f"{x[0] / y[0]:.2f}×")
    print(f"| {label} | " + " | ".join(cells) + " |")
