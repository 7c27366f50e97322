"""The fuzz run: mutants and hostile lines through worker processes, each job under a timeout and a
memory ceiling, and the table of outcomes.

    python -m fuzz [--per-family N] [--repl N] [--seed S] [--workers W] [--keep DIR]

Outcomes: ok (exit 0), located (exit 2 with file:line) -- the only two allowed -- and unlocated
(exit 2 without a location), internal (exit 1 or an exception, "internal error" in the REPL), hang
(over the timeout), memory (over the ceiling), overflow (exit 0 with a number no valid record can
produce), unescaped (a control character reached the REPL's output).
"""

from __future__ import annotations

import argparse
import json
import os
import select
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .mutants import FAMILIES, mutants, repl_lines

ROOT = Path(__file__).resolve().parents[1]
GOOD = ("ok", "located")
BAD = ("unlocated", "internal", "hang", "memory", "overflow", "unescaped")
MEMORY_MB = 1500
RECYCLE = 150


@dataclass
class Job:
    family: str
    what: str
    payload: dict[str, Any]
    result: dict[str, Any] = field(default_factory=dict)


class Worker:
    """A worker process (fuzz/worker.py), restarted after a hang, a memory peak or RECYCLE jobs."""

    def __init__(self, timeout: float):
        self.timeout = timeout
        self.proc: subprocess.Popen[str] | None = None
        self.jobs = 0

    def start(self) -> subprocess.Popen[str]:
        self.proc = subprocess.Popen([sys.executable, "-m", "fuzz.worker"], cwd=ROOT, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        self.jobs = 0
        return self.proc

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None

    def run(self, job: Job) -> dict[str, Any]:
        if self.proc is None or self.jobs >= RECYCLE:
            self.stop()
            self.start()
        proc = self.proc
        assert proc is not None and proc.stdin is not None and proc.stdout is not None
        self.jobs += 1
        # the first job of a worker also loads the KB: give it more time
        limit = self.timeout + (20 if self.jobs == 1 else 0)
        try:
            proc.stdin.write(json.dumps(job.payload) + "\n")
            proc.stdin.flush()
        except BrokenPipeError:
            self.stop()
            return {"outcome": "internal", "detail": "worker died"}
        ready, _, _ = select.select([proc.stdout], [], [], limit)
        line = proc.stdout.readline() if ready else ""
        if not ready:
            self.stop()
            return {"outcome": "hang", "detail": f"no answer within {limit:.0f} s"}
        if not line:
            code = proc.poll()
            self.stop()
            return {"outcome": "memory" if code == -9 else "internal", "detail": f"worker died ({code})"}
        result: dict[str, Any] = json.loads(line)
        if result.get("rss_mb", 0) > MEMORY_MB:
            self.stop()
            return {"outcome": "memory", "detail": f"peak {result['rss_mb']} MB"}
        return result


def jobs(seed: int, per_family: int, lines: int, folder: Path) -> list[Job]:
    out = []
    for i, m in enumerate(mutants(seed, per_family)):
        path = folder / f"{m.family}-{i:05d}.yaml"
        path.write_bytes(m.text)
        out.append(Job(m.family, f"{m.base}: {m.what}", {"kind": "file", "path": str(path)}))
    out += [Job("repl", line[:60], {"kind": "line", "line": line}) for line in repl_lines(seed, lines)]
    return out


def run(todo: list[Job], workers: int, timeout: float) -> None:
    queue = list(reversed(todo))
    lock = threading.Lock()

    def drain() -> None:
        w = Worker(timeout)
        try:
            while True:
                with lock:
                    if not queue:
                        return
                    job = queue.pop()
                job.result = w.run(job)
        finally:
            w.stop()

    threads = [threading.Thread(target=drain) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def table(todo: list[Job]) -> str:
    families = list(FAMILIES) + ["repl"]
    counts = {f: Counter(j.result.get("outcome", "internal") for j in todo if j.family == f)
              for f in families}
    total: Counter[str] = Counter()
    for c in counts.values():
        total.update(c)
    cols = ("family", "cases") + GOOD + BAD
    rows = [(f, sum(c.values()), *(c[o] for o in GOOD + BAD)) for f, c in counts.items() if c]
    rows.append(("total", sum(total.values()), *(total[o] for o in GOOD + BAD)))
    widths = [max(len(str(r[i])) for r in [cols, *rows]) for i in range(len(cols))]
    lines = ["| " + " | ".join(str(v).rjust(w) for v, w in zip(r, widths, strict=True)) + " |"
             for r in [cols, *rows]]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m fuzz", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--per-family", type=int, default=550)
    p.add_argument("--repl", type=int, default=600, help="hostile REPL lines")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    p.add_argument("--timeout", type=float, default=20.0, help="seconds per job")
    p.add_argument("--keep", help="keep the mutant files (and bad.txt) in this folder")
    args = p.parse_args(argv)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="pyrules-fuzz-") as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        todo = jobs(args.seed, args.per_family, args.repl, folder)
        run(todo, args.workers, args.timeout)
    bad = [j for j in todo if j.result.get("outcome") not in GOOD]
    peak = max((j.result.get("rss_mb", 0) for j in todo), default=0)
    print(table(todo))
    print(f"{len(todo)} cases (seed {args.seed}) in {time.monotonic() - started:.0f} s, "
          f"{args.workers} workers; peak worker memory {peak} MB (ceiling {MEMORY_MB} MB), "
          f"timeout {args.timeout:.0f} s per case")
    for j in bad[:20]:
        print(f"  {j.result.get('outcome')}: [{j.family}] {j.what!r} {j.payload.get('path', '')}: "
              f"{j.result.get('detail', '')!r}"[:400])
    return 1 if bad else 0
