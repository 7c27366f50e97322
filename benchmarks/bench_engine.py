"""Engine benchmark: prints figures for loading, per-student evaluation and batch runs.

    python benchmarks/bench_engine.py [--students 2000] [--workers 2]

Synthetic students are the bundled ones copied under new ids (s1001 -> b000001-s1001, ...),
written to a temporary folder as real YAML files, so the batch figure includes file reading.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from pyrules.core import batch
from pyrules.core.engine import Engine
from pyrules.core.kb import load_kb
from pyrules.core.students import load_student, student_files

REPO = Path(__file__).resolve().parents[1]
STUDENTS = REPO / "kb" / "facts" / "students"
ON = dt.date(2026, 1, 15)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--students", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()

    t = time.perf_counter()
    kb = load_kb()
    print(f"KB parse: {(time.perf_counter() - t) * 1000:.0f} ms "
          f"({len(kb.rules)} rules, {len(kb.statements)} statements)")
    engine = Engine(kb)
    bundled = student_files(STUDENTS)

    loads, evals = [], []
    for _ in range(20):
        for path in bundled:
            t = time.perf_counter()
            student = load_student(path, engine.courses)
            loads.append(time.perf_counter() - t)
            t = time.perf_counter()
            engine.evaluate(student, ON)
            evals.append(time.perf_counter() - t)
    print(f"load+validate one student file: p50 {statistics.median(loads) * 1000:.2f} ms, "
          f"p95 {percentile(loads, 0.95) * 1000:.2f} ms")
    print(f"evaluate one student (ground+solve+provenance): p50 "
          f"{statistics.median(evals) * 1000:.2f} ms, p95 {percentile(evals, 0.95) * 1000:.2f} ms")

    tmp = Path(tempfile.mkdtemp(prefix="pyrules-bench-"))
    try:
        for i in range(args.students):
            src = bundled[i % len(bundled)]
            text = src.read_text(encoding="utf-8")
            new_id = f"b{i:06d}-{src.stem}"
            text = text.replace(f"id: {src.stem}", f"id: {new_id}", 1)
            (tmp / f"{new_id}.yaml").write_text(text, encoding="utf-8")
        files = student_files(tmp)
        for workers in sorted({1, args.workers}):
            t = time.perf_counter()
            outcomes = list(batch.evaluate_files(files, ON, workers=workers))
            took = time.perf_counter() - t
            errors = sum(1 for o in outcomes if o.error)
            print(f"batch of {len(files)} students, {workers} worker(s): {took:.2f} s "
                  f"({len(files) / took:.0f} students/s, {errors} errors)")
    finally:
        shutil.rmtree(tmp)
    print(f"peak RSS of this process: {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
