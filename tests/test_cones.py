"""Question cones (core/program.py): on every bundled student and every scenario case, each question
kind's answer from its cone equals the whole KB's; and a session's answers and explanations (cone,
no provenance, the student under a fixed id, cached) equal those of a full evaluation."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from pyrules.ask import KINDS, Session, answers
from pyrules.ask.answers import kind_roots
from pyrules.ask.session import explanations
from pyrules.core.engine import Engine, Evaluation, shared_engine
from pyrules.core.students import Student, load_student, student_files
from pyrules.maintain.scenarios import load_cases, scenario_files
from pyrules.paths import KB_DIR

SCENARIOS = Path(__file__).resolve().parent / "scenarios"
BUNDLED = student_files(KB_DIR / "facts" / "students")


def _answer_atoms(ev: Evaluation, roots: list[tuple[str, int]]) -> list[str]:
    names = {n for n, _ in roots}
    return sorted(str(c.symbol) for c in ev.conclusions() if c.predicate in names)


def check_cones(engine: Engine, student: Student, on: Any, where: str,
                kinds: Any = KINDS) -> None:
    full = engine.evaluate(student, on, provenance="none")
    for kind in kinds:
        roots = kind_roots(kind, engine)
        if not roots:
            continue
        part = engine.evaluate(student, on, provenance="none", cone=engine.cone(roots),
                               as_id="student")
        assert _answer_atoms(part, roots) == _answer_atoms(full, roots), f"{where}: {kind.name}"


# `make conecheck` (in CI after `make test`) sets PYRULES_CONES=all: every kind on every case.
ALL_KINDS = os.environ.get("PYRULES_CONES") == "all"


def _kinds_for(case: Any, engine: Engine, serial: int) -> list[Any]:
    """The kinds whose answer predicates the case's expectations name, and one more in turn (every
    kind on every case is 26 evaluations a case, about 5 minutes in all: `make conecheck`)."""
    if ALL_KINDS:
        return list(KINDS)
    named = {t.split("(")[0].strip() for t in case.holds + case.not_holds}
    own = [k for k in KINDS if any(n in named for n, _ in kind_roots(k, engine))]
    extra = KINDS[serial % len(KINDS)]
    return own + ([extra] if extra not in own else [])


@pytest.mark.parametrize("path", scenario_files(SCENARIOS), ids=lambda p: p.stem)
def test_cone_answers_equal_full_on_scenarios(path: Path) -> None:
    engine = shared_engine()
    for serial, case in enumerate(load_cases(path, engine.courses)):
        check_cones(engine, case.student, case.on, f"{path}:{case.line} {case.name}",
                    _kinds_for(case, engine, serial + len(str(path))))


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_cone_answers_equal_full_on_bundled(path: Path) -> None:
    engine = shared_engine()
    check_cones(engine, load_student(path, engine.courses), None, str(path))


def _replies(session: Session, sid: str) -> list[tuple[Any, ...]]:
    out = []
    for kind in KINDS:
        for example in kind.examples_in("en")[:1]:
            line = example.format(s=sid, c="10036", d="2025-02-01", d2="2025-07-31")
            reply = session.handle(line)
            a = reply.answer
            row: tuple[Any, ...] = (line, reply.text, reply.rows)
            if a is not None:
                row += (a.holds, a.rules, tuple(map(str, a.atoms)))
                for negative in (False, True):
                    try:
                        row += tuple(explanations(a, negative, "en", "text", session.engine))
                    except ValueError as err:
                        row += (str(err),)
            out.append(row)
    return out


def test_session_answers_and_explanations_equal_full_evaluations(
        monkeypatch: pytest.MonkeyPatch) -> None:
    engine = shared_engine()
    students = {s.id: s for s in (load_student(p, engine.courses) for p in BUNDLED)}
    on = __import__("datetime").date(2026, 1, 15)
    asked = sorted(students)[::4]  # a sample (every kind, both explanations: slow)
    fast = [_replies(Session(engine, students, on), sid) for sid in asked]
    monkeypatch.setattr(answers, "evaluation_options", lambda kind, engine: {})
    slow = [_replies(Session(engine, students, on), sid) for sid in asked]
    assert fast == slow
