#!/usr/bin/env python3
"""Prints one row per extractor: quality (from score_extraction.py --json) and speed.

    table.py SCORES.json PRED.json...     # quality and pages/s
    table.py --speed PRED.json...         # pages/s only (bench.sh)

Speed comes from PRED.timing.json beside each prediction file ("pages_per_s_best").
"""
import json
import sys
from pathlib import Path


def speed(pred):
    timing = Path(pred).with_suffix(".timing.json")
    if not timing.exists():
        return None, None
    t = json.loads(timing.read_text())
    pages = t.get("pages")
    best = t.get("pages_per_s_best")
    return best, pages


def main(argv):
    speed_only = argv and argv[0] == "--speed"
    if speed_only:
        scores, preds = {}, argv[1:]
    else:
        scores, preds = json.loads(Path(argv[0]).read_text()), argv[1:]
    rows = []
    for pred in preds:
        name = Path(pred).stem
        pps, pages = speed(pred)
        rows.append((name, scores.get(pred), pps, pages))
    base = next((r[2] for r in rows if r[0] == "trafilatura-py" and r[2]), None)
    if speed_only:
        print(f"{'system':<18}{'pages':>7}{'pages/s':>10}{'× trafilatura-py':>18}")
        for name, _, pps, pages in rows:
            ratio = f"{pps / base:.1f}×" if base and pps else "-"
            print(f"{name:<18}{pages or 0:>7}{(pps or 0):>10.1f}{ratio:>18}")
        return
    print(f"{'system':<18}{'shingle F1':>11}{'token F1':>10}{'P (sh)':>8}{'R (sh)':>8}"
          f"{'empty':>7}{'pages/s':>10}{'× py':>7}")
    for name, s, pps, _ in rows:
        if s is None:
            continue
        ratio = f"{pps / base:.1f}" if base and pps else "-"
        print(f"{name:<18}{s['sh4']['F1']:>11.3f}{s['ws']['F1']:>10.3f}{s['sh4']['P']:>8.3f}"
              f"{s['sh4']['R']:>8.3f}{s['n_empty_pred']:>7}{(pps or 0):>10.1f}{ratio:>7}")
    print("shingle F1: ScrapingHub 4-gram shingles (sh4); token F1: whitespace tokens (ws);"
          " pages/s on one core, best of the runs")


if __name__ == "__main__":
    main(sys.argv[1:])
