"""`make bench`: the engine's figures against issue 12's targets, on generated cohorts.

    python benchmarks/bench_engine.py [--questions 60] [--cohorts 1000,10000] [--asked 10000]
                                      [--out benchmarks/results.json]

Prints a table and writes JSON. Every figure of the new design stands beside today's design
(the whole KB with provenance, the real student id, per student) measured in the same run, as a
ratio: this machine is shared and its absolute times drift. A missed target is printed as MISSED.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from pyrules.ask import KINDS, Session, answers
from pyrules.ask.session import explanations
from pyrules.core.batch import default_workers
from pyrules.core.engine import shared_engine
from pyrules.core.students import load_student, student_files
from pyrules.maintain.generate import generate

REPO = Path(__file__).resolve().parents[1]
ON = dt.date(2026, 1, 15)
TARGETS = {"question p50 ms": 10, "question p95 ms": 25, "explained p50 ms": 30,
           "check 10000 wall s": 60, "check 10000 peak MB": 1536, "asked 10000 MB": 100}


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else float("nan")


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def tree_rss_mb(pid: int) -> float:
    """RSS of a process and all its descendants (parent and workers)."""
    total = rss_mb(pid)
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    return total + sum(tree_rss_mb(int(c)) for c in children)


def questions(files: list[Path], n: int) -> dict[str, Any]:
    """Latency of every question kind in a warm process: plain, and with why / why not."""
    engine = shared_engine()
    students = {s.id: s for s in (load_student(p, engine.courses) for p in files[:n])}
    out: dict[str, Any] = {}
    for design in ("new", "today"):
        if design == "today":
            original = answers.evaluation_options
            answers.evaluation_options = lambda kind, engine: {}  # type: ignore[assignment]
        session = Session(engine, students, ON)
        plain: dict[str, list[float]] = {}
        explained: dict[str, list[float]] = {}
        for sid in sorted(students)[: n if design == "new" else max(3, n // 5)]:
            for kind in KINDS:
                line = kind.examples_en[0].format(s=sid, c="10036", d="2025-02-01", d2="2025-07-31")
                engine._cache.clear()  # each question pays its evaluation
                t = time.perf_counter()
                reply = session.handle(line)
                plain.setdefault(kind.name, []).append((time.perf_counter() - t) * 1000)
                if reply.answer is None or reply.answer.status != "answered":
                    continue
                t = time.perf_counter()
                with contextlib.suppress(ValueError):  # nothing to explain: the time still counts
                    explanations(reply.answer, None, "en", "text", engine)
                took = (time.perf_counter() - t) * 1000
                explained.setdefault(kind.name, []).append(plain[kind.name][-1] + took)
        if design == "today":
            answers.evaluation_options = original  # type: ignore[assignment]
        every = [v for vs in plain.values() for v in vs]
        every_x = [v for vs in explained.values() for v in vs]
        out[design] = {
            "per_kind": {k: {"p50": statistics.median(v), "p95": pct(v, 0.95),
                             "explained_p50": statistics.median(explained[k]) if explained.get(k) else None}
                         for k, v in plain.items()},
            "p50": statistics.median(every), "p95": pct(every, 0.95),
            "explained_p50": statistics.median(every_x), "explained_p95": pct(every_x, 0.95),
            "n": len(every)}
    return out


def check(folder: Path, workers: int) -> dict[str, Any]:
    """`pyrules check` over a folder: wall time and peak RSS of the parent and its workers."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        cmd = [sys.executable, "-m", "pyrules.cli", "check", str(folder), "--on", ON.isoformat(),
               "--format", "json", "--workers", str(workers), "--out", str(report)]
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak = 0.0
        while proc.poll() is None:
            peak = max(peak, tree_rss_mb(proc.pid))
            time.sleep(0.2)
        wall = time.perf_counter() - t
        n = len(json.loads(report.read_text())["students"]) if report.exists() else 0
    return {"students": n, "wall_s": wall, "students_per_s": n / wall if wall else 0.0,
            "peak_mb": peak, "exit": proc.returncode}


def per_student_cpu(files: list[Path]) -> dict[str, float]:
    """CPU ms per student in one process: today's design against the batch's (light, fixed id)."""
    engine = shared_engine()
    students = [load_student(p, engine.courses) for p in files]
    out = {}
    for design, options in (("today", {}), ("new", {"provenance": "light", "as_id": "student"})):
        t = time.process_time()
        for s in students:
            engine.evaluate(s, ON, **options)
        out[design] = (time.process_time() - t) * 1000 / len(students)
    return out


ASKER = """
import resource, sys, time, datetime as dt
from pyrules.ask import Session, answers
from pyrules.core.engine import shared_engine
from pyrules.core.students import load_student, student_files
def rss():
    return int(open('/proc/self/status').read().split('VmRSS:')[1].split()[0]) / 1024
engine = shared_engine()
if sys.argv[2] == 'today':
    answers.evaluation_options = lambda kind, engine: {}
files = student_files(sys.argv[1])
session = Session(engine, {}, dt.date(2026, 1, 15))
session.handle('how many attempts has s1001 used?')
start = rss()
for f in files:
    s = load_student(f, engine.courses)
    session.students = {s.id: s}
    session.handle(f'how many exam attempts has {s.id} used?')
print(len(files), rss() - start)
"""


def asked(folder: Path, design: str) -> dict[str, float]:
    """Memory above its start of one process asking about every student of a folder in turn."""
    got = subprocess.run([sys.executable, "-c", ASKER, str(folder), design], check=True,
                         capture_output=True, text=True).stdout.split()
    return {"students": int(got[0]), "mb_above_start": float(got[1])}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--questions", type=int, default=40, help="students asked every question kind")
    ap.add_argument("--cohorts", default="1000,10000", help="cohort sizes for pyrules check")
    ap.add_argument("--asked", type=int, default=10000, help="distinct students asked in one process")
    ap.add_argument("--out", default=str(REPO / "benchmarks" / "results.json"))
    args = ap.parse_args()
    sizes = [int(x) for x in args.cohorts.split(",") if x]
    workers = default_workers()
    result: dict[str, Any] = {"date": dt.datetime.now().isoformat(timespec="seconds"),
                              "cores": workers, "load_average": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="pyrules-bench-") as tmp:
        biggest = max(sizes + [args.asked])
        cohort = Path(tmp) / "cohort"
        t = time.perf_counter()
        generate(biggest, 12, cohort, None)
        print(f"generated {biggest} students in {time.perf_counter() - t:.0f} s", flush=True)
        files = student_files(cohort)
        result["questions"] = questions(files, args.questions)
        result["per_student_cpu_ms"] = per_student_cpu(files[:100])
        result["check"] = {}
        for n in sizes:
            part = Path(tmp) / f"c{n}"
            part.mkdir()
            for f in files[:n]:
                os.link(f, part / f.name)
            result["check"][str(n)] = check(part, workers)
            print(f"checked {n}: {result['check'][str(n)]}", flush=True)
        few = Path(tmp) / "few"
        few.mkdir()
        for f in files[:500]:
            os.link(f, few / f.name)
        some = Path(tmp) / "some"
        some.mkdir()
        for f in files[:args.asked]:
            os.link(f, some / f.name)
        result["asked"] = {"new": asked(some, "new"), "today": asked(few, "today")}
    report(result)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nwrote {args.out}")
    return 0


def report(r: dict[str, Any]) -> None:
    q = r["questions"]
    print(f"\ncores {r['cores']}, load average {', '.join(f'{x:.1f}' for x in r['load_average'])}")
    print(f"\n{'question kind':<20} {'p50 ms':>8} {'p95 ms':>8} {'+why p50':>9}   today p50")
    for k, v in q["new"]["per_kind"].items():
        old = q["today"]["per_kind"].get(k, {})
        xp = v["explained_p50"]
        print(f"{k:<20} {v['p50']:8.1f} {v['p95']:8.1f} {xp if xp is not None else float('nan'):9.1f}"
              f"   {old.get('p50', float('nan')):8.1f}")
    n, o = q["new"], q["today"]
    print(f"{'all':<20} {n['p50']:8.1f} {n['p95']:8.1f} {n['explained_p50']:9.1f}   {o['p50']:8.1f}"
          f"   (ratio {o['p50'] / n['p50']:.1f}x plain, {o['explained_p50'] / n['explained_p50']:.1f}x "
          f"explained)")
    cpu = r["per_student_cpu_ms"]
    print(f"\nbatch CPU per student: {cpu['new']:.1f} ms (today's design {cpu['today']:.1f} ms, "
          f"{cpu['today'] / cpu['new']:.1f}x)")
    for size, c in r["check"].items():
        print(f"check {size:>6}: {c['wall_s']:7.1f} s wall, {c['students_per_s']:6.1f} students/s, "
              f"peak {c['peak_mb']:6.0f} MB (parent + workers), exit {c['exit']}")
    a = r["asked"]
    per_new = a["new"]["mb_above_start"] / max(1, a["new"]["students"])
    per_old = a["today"]["mb_above_start"] / max(1, a["today"]["students"])
    print(f"asked {a['new']['students']} distinct students: +{a['new']['mb_above_start']:.1f} MB "
          f"(today's design: +{a['today']['mb_above_start']:.1f} MB over {a['today']['students']}, "
          f"{per_old * 1000:.1f} against {per_new * 1000:.1f} kB a student)")
    got = {"question p50 ms": n["p50"], "question p95 ms": n["p95"],
           "explained p50 ms": n["explained_p50"],
           "asked 10000 MB": a["new"]["mb_above_start"] * 10000 / max(1, a["new"]["students"])}
    big = r["check"].get("10000")
    if big:
        got["check 10000 wall s"] = big["wall_s"]
        got["check 10000 peak MB"] = big["peak_mb"]
    print("\ntargets:")
    for name, limit in TARGETS.items():
        if name not in got:
            print(f"  {name:<22} <= {limit:<6} not measured in this run")
            continue
        verdict = "met" if got[name] <= limit else "MISSED"
        print(f"  {name:<22} <= {limit:<6} {got[name]:9.1f}  {verdict}")
    r["verdicts"] = {k: got[k] <= v for k, v in TARGETS.items() if k in got}


if __name__ == "__main__":
    sys.exit(main())
