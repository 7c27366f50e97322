"""Batch evaluation of many students: worker processes that each parse the KB once.

clingo interns every symbol it ever sees for the life of a process, so a long batch recycles its
workers (max_tasks_per_child) to keep memory flat; two cores give two workers.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .engine import shared_engine
from .students import FactsError, load_student
from .vocabulary import render

CONFLICT_PREFIX = "in_conflict"


@dataclass
class StudentOutcome:
    """One student's public conclusions (as text rows) or the reason it could not be evaluated."""

    file: str
    student: str = ""
    programme: str = ""
    conclusions: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    rules_fired: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def conflicts(self) -> list[str]:
        return [f"{p}({', '.join(a)})" for p, a in self.conclusions if p.startswith(CONFLICT_PREFIX)]


_engine = shared_engine


def evaluate_file(path: str, on: dt.date) -> StudentOutcome:
    """Evaluate one student file; bad input becomes an error row, never an exception."""
    engine = _engine()
    try:
        student = load_student(path, engine.courses)
    except FactsError as err:
        return StudentOutcome(path, error=str(err))
    ev = engine.evaluate(student, on)
    rows = [(c.predicate, tuple(render(v) for v in c.values[1:])) for c in ev.conclusions()]
    return StudentOutcome(path, student.id, student.record.programme, rows, ev.rules_fired())


def _evaluate_chunk(paths: list[str], on: dt.date) -> list[StudentOutcome]:
    return [evaluate_file(p, on) for p in paths]


def evaluate_files(paths: Iterable[Path], on: dt.date, workers: int | None = None,
                   progress: Callable[[int, int], None] | None = None,
                   chunk: int = 50) -> Iterator[StudentOutcome]:
    """Evaluate many files, in order; in worker processes when there are enough of them."""
    files = [str(p) for p in paths]
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    if workers <= 1 or len(files) < 2 * chunk:
        for i, f in enumerate(files, start=1):
            yield evaluate_file(f, on)
            if progress:
                progress(i, len(files))
        return
    chunks = [files[i:i + chunk] for i in range(0, len(files), chunk)]
    done = 0
    with ProcessPoolExecutor(max_workers=workers, max_tasks_per_child=20) as pool:
        for outcomes in pool.map(_evaluate_chunk, chunks, [on] * len(chunks)):
            for outcome in outcomes:
                done += 1
                yield outcome
            if progress:
                progress(done, len(files))
