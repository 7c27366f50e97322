"""The second engine (pyrules/core/prolog): translation, loading, calendar, and agreement with
clingo on every bundled student (the scenario cases are cross-checked in conftest.py)."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from clingo import Number

from pyrules.core.calendar import Context
from pyrules.core.engine import shared_engine
from pyrules.core.kb import default_kb, load_kb
from pyrules.core.prolog.engine import PrologError, _instance, shared_prolog_engine
from pyrules.core.prolog.translate import fragment_errors, translate
from pyrules.core.students import load_student, student_files
from pyrules.core.values import day_number
from pyrules.maintain.crosscheck import differences
from pyrules.paths import KB_DIR

ON = dt.date(2026, 12, 2)
BUNDLED = student_files(KB_DIR / "facts" / "students")


def test_whole_kb_translates_no_rule_skipped() -> None:
    kb = default_kb()
    t = translate(kb)
    rules = sum(len(stmt.unpool()) for f in kb.files for stmt in f.statements
                if stmt.ast_type.name == "Rule")
    assert t.clauses == rules
    for rule_id in kb.rules:
        assert f"'{rule_id}'" in t.text, rule_id


def _kb(tmp_path: Path, rule: str) -> Path:
    (tmp_path / "inputs.lp").write_text("#defined q/1.\n")
    (tmp_path / "rules.lp").write_text('#include "inputs.lp".\n%@rule t.bad\n' + rule + "\n")
    return tmp_path


@pytest.mark.parametrize("rule, message", [
    ("p(X) :- q(Y), X = @nope(Y).", "@nope"),
    ("p(X) :- q(X), r(X) : q(X).", "ConditionalLiteral"),
    ("p(X) :- q(Y), X = 1..Y, q(1..2).", "interval"),
    ("p(X) :- q(X), Y < X.", "cannot order"),
])
def test_fragment_errors_name_the_rule(tmp_path: Path, rule: str, message: str) -> None:
    problems = fragment_errors(load_kb(_kb(tmp_path, rule)))
    assert problems and problems[0][2] == "rule t.bad" and message in problems[0][3], problems


def test_load_error_becomes_an_exception(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pl"
    bad.write_text("ok(1).\nbroken(X :- .\n")
    with pytest.raises(PrologError, match="bad.pl"):
        _instance().load(bad)


def test_calendar_functions_match_calendar_py() -> None:
    ctx = Context()
    prolog = _instance()
    for day in range(day_number(dt.date(2019, 12, 20)), day_number(dt.date(2031, 1, 10)), 3):
        with prolog.lock:
            row = next(iter(prolog.prolog.query(
                f"c_ext(add_workdays,[{day},10],W), c_ext(add_months,[{day},-7],M), "
                f"c_ext(semester_of,[{day}],sem(Y,K)), c_ext(workday,[{day}],O)")))
        d = Number(day)
        assert row["W"] == ctx.add_workdays(d, Number(10)).number, day
        assert row["M"] == ctx.add_months(d, Number(-7)).number, day
        sem = ctx.semester_of(d)
        assert (row["Y"], str(row["K"])) == (sem.arguments[0].number, sem.arguments[1].name)
        assert row["O"] == ctx.workday(d).number


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_bundled_student_agrees(path: Path) -> None:
    clingo = shared_engine()
    student = load_student(path, clingo.courses)
    a = clingo.evaluate(student, ON)
    b = shared_prolog_engine().evaluate(student, ON)
    assert a.public, "no conclusions at all: a cross-check of nothing"
    diff = differences(a, b)
    assert not diff, "\n".join(diff)


def test_concurrent_evaluations_are_serialised() -> None:
    engine = shared_prolog_engine()
    student = load_student(BUNDLED[0], engine.courses)
    expected = set(engine.evaluate(student, ON).public)
    results: list[set[object]] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            results.append(set(engine.evaluate(student, ON).public))
        except BaseException as err:  # noqa: BLE001 - collected and asserted below
            errors.append(err)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and results == [expected] * 4


def test_lint_reports_the_fragment_by_rule_id(tmp_path: Path) -> None:
    from pyrules.maintain.lint import lint

    messages = [p.message for p in lint(load_kb(_kb(tmp_path, "p(X) :- q(Y), X = @nope(Y).")))]
    assert any(m.startswith("rule t.bad: outside the fragment") and "@nope" in m
               for m in messages), messages
