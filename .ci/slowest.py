#!/usr/bin/env python3
"""The slowest tests of a `go test -json` run (make test TESTFLAGS=-json > run.json):
python3 .ci/slowest.py run.json [N]. Lines that are not JSON (lint, make) are skipped."""
import json
import sys

rows, packages = [], []
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    try:
        e = json.loads(line)
    except ValueError:
        continue
    if e.get("Action") not in ("pass", "fail"):
        continue
    if e.get("Test") and "/" not in e["Test"]:
        rows.append((e["Elapsed"], e["Package"], e["Test"], e["Action"]))
    elif not e.get("Test"):
        packages.append((e["Elapsed"], e["Package"], e["Action"]))
n = int(sys.argv[2]) if len(sys.argv) > 2 else 10
print("slowest tests:")
for elapsed, pkg, test, action in sorted(rows, reverse=True)[:n]:
    print(f"{elapsed:7.1f} s  {pkg:24} {test}{'' if action == 'pass' else '  FAIL'}")
print("packages:")
for elapsed, pkg, action in sorted(packages, reverse=True):
    if elapsed >= 1:
        print(f"{elapsed:7.1f} s  {pkg}{'' if action == 'pass' else '  FAIL'}")
