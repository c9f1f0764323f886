#!/usr/bin/env python3
"""Prints a Markdown table of JMH results with parameters: one row per benchmark and parameter
set, with the score, its error and, when run with -prof gc, the bytes allocated per operation.

Usage: params-table.py results.json [more.json ...]
"""
import json
import sys

results = [r for path in sys.argv[1:] for r in json.load(open(path))]
params = []
for result in results:
    for name in result.get("params", {}):
        if name not in params:
            params.append(name)

unit = results[0]["primaryMetric"]["scoreUnit"] if results else ""
print("| benchmark | threads | " + " | ".join(params) + f" | {unit} | B/op |")
print("|---|---|" + "---|" * len(params) + "---|---|")
for result in results:
    metric = result["primaryMetric"]
    alloc = result.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
    values = [result.get("params", {}).get(name, "") for name in params]
    print(
        f"| {result['benchmark'].rsplit('.', 2)[-2]}.{result['benchmark'].rsplit('.', 1)[1]}"
        f" | {result['threads']} | "
        + " | ".join(values)
        + f" | {metric['score']:,.1f} ± {metric['scoreError']:,.1f}"
        + (f" | {alloc['score']:,.0f} |" if alloc else " | - |")
    )
