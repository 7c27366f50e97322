"""Batch evaluation of many students: a fork pool started after the KB is parsed.

The parent parses the KB and solves its static part (shared_engine) before the pool starts, so
every worker inherits them by fork instead of parsing again (a spawned or recycled worker would).
Each student is grounded without the `_fired` twins (light provenance: which rules fired, nothing
more) and under a fixed id inside its Control, so clingo's symbol table, which lives as long as
the process, does not grow with every distinct student and the workers need no recycling.
Results come back in input order; a file that cannot be read or evaluated becomes an error row.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .engine import STUDENT, Engine, EngineError, shared_engine
from .students import FactsError, load_student

CONFLICT_PREFIX = "in_conflict"
CHUNK = 25  # files per task sent to a worker (the cost is per student; this only batches the IPC)


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


def evaluate_file(path: str, on: dt.date, engine: Engine | None = None) -> StudentOutcome:
    """Evaluate one student file; bad input becomes an error row, never an exception."""
    engine = engine or _engine()
    try:
        student = load_student(path, engine.courses)
        ev = engine.evaluate(student, on, provenance="light", as_id=STUDENT, keep_model=False)
    except (FactsError, EngineError) as err:
        return StudentOutcome(path, error=str(err))
    return StudentOutcome(path, student.id, student.record.programme, ev.rows(), ev.rules_fired())


def _evaluate_chunk(paths: list[str], on: dt.date) -> list[StudentOutcome]:
    return [evaluate_file(p, on) for p in paths]


def _worker_init() -> None:
    # The parent decides what an interrupt means (it stops the pool); a worker just dies on SIGTERM.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def evaluate_files(paths: Iterable[Path], on: dt.date, workers: int | None = None,
                   progress: Callable[[int, int], None] | None = None,
                   chunk: int = CHUNK) -> Generator[StudentOutcome, None, None]:
    """Evaluate many files, yielding outcomes in input order; in a fork pool when there are enough.

    Closing the generator early (or an exception in the consumer, KeyboardInterrupt included)
    terminates the workers at once.
    """
    files = [str(p) for p in paths]
    workers = workers if workers is not None else default_workers()
    engine = _engine()  # parsed and static part solved before any fork
    if workers <= 1 or len(files) < 2 * chunk:
        for i, f in enumerate(files, start=1):
            yield evaluate_file(f, on, engine)
            if progress:
                progress(i, len(files))
        return
    chunks = [files[i:i + chunk] for i in range(0, len(files), chunk)]
    done = 0
    pool = multiprocessing.get_context("fork").Pool(min(workers, len(chunks)), _worker_init)
    try:
        for outcomes in pool.imap(_chunk_task, [(c, on) for c in chunks]):
            for outcome in outcomes:
                done += 1
                yield outcome
            if progress:
                progress(done, len(files))
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _chunk_task(task: tuple[list[str], dt.date]) -> list[StudentOutcome]:
    return _evaluate_chunk(*task)
