"""The two engines side by side (issue 18): per-question-kind latency and cohort throughput.

    python benchmarks/bench_prolog.py [--students 200] [--repeat 3]

Per kind: the example question of every kind (pyrules/ask/kinds.py) asked about each bundled
student through Session.answer, p50 over students x repeats. Cohort: a generated cohort
(pyrules generate, seed 1) evaluated one student after another in this process, both engines;
ratio = prolog / clingo (below 1: Prolog is faster).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from pyrules.ask import Session
from pyrules.core.engine import Engine, shared_engine
from pyrules.core.prolog.engine import shared_prolog_engine
from pyrules.core.students import Student, load_student, student_files
from pyrules.maintain.generate import generate

REPO = Path(__file__).resolve().parents[1]
STUDENTS = REPO / "kb" / "facts" / "students"
ON = dt.date(2026, 12, 2)


def per_kind(engine: Engine, students: dict[str, Student], repeat: int) -> dict[str, float]:
    session = Session(engine, students, ON)
    times: dict[str, list[float]] = {}
    for sid in sorted(students):
        session.current = sid
        for title, text in session.examples("en"):
            q = session.parse(text)
            for _ in range(repeat):
                t = time.perf_counter()
                session.answer(q)
                times.setdefault(title, []).append(time.perf_counter() - t)
    return {k: statistics.median(v) * 1000 for k, v in times.items()}


def cohort(engine: Engine, students: list[Student]) -> float:
    t = time.perf_counter()
    for s in students:
        engine.evaluate(s, ON)
    return len(students) / (time.perf_counter() - t)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--students", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    clingo = shared_engine()
    t = time.perf_counter()
    prolog = shared_prolog_engine()
    print(f"Prolog engine start (translate, load, static part): "
          f"{time.perf_counter() - t:.1f} s, {prolog.translation.clauses} clauses")
    bundled = {s.id: s for s in (load_student(p, clingo.courses) for p in student_files(STUDENTS))}
    a, b = per_kind(clingo, bundled, args.repeat), per_kind(prolog, bundled, args.repeat)
    width = max(len(k) for k in a)
    print(f"\nper question kind, p50 over {len(bundled)} students x {args.repeat} (ms)")
    print(f"{'kind':<{width}}  {'clingo':>8}  {'prolog':>8}  {'ratio':>6}")
    for k in a:
        print(f"{k:<{width}}  {a[k]:8.1f}  {b[k]:8.1f}  {b[k] / a[k]:6.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        generate(args.students, 1, Path(tmp))
        students = [load_student(p, clingo.courses) for p in student_files(Path(tmp))]
    ca, cb = cohort(clingo, students), cohort(prolog, students)
    print(f"\ncohort of {len(students)} generated students, one process, one after another")
    print(f"{'':<{width}}  {'clingo':>8}  {'prolog':>8}  {'ratio':>6}")
    print(f"{'students/s':<{width}}  {ca:8.1f}  {cb:8.1f}  {cb / ca:6.2f}")


if __name__ == "__main__":
    main()
