"""Dated catalogue changes the texts state none of (renumbering, an identical replacement, a run of
another ECTS weight): the rules that read them, with the facts given as extra static atoms."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from clingo import Function, Number, String, Symbol

from pyrules.core.engine import Engine
from pyrules.core.students import student_from_data
from pyrules.core.values import day_number

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def _atom(name: str, *args: Any) -> Symbol:
    return Function(name, [a if isinstance(a, Symbol) else String(a) if isinstance(a, str) else Number(a)
                           for a in args])


def _term(y: int, m: int) -> Symbol:
    return Function("term", [Number(y), Number(m)])


def _eval(engine: Engine, data: dict[str, Any], on: str, extra: list[Symbol]):
    student = student_from_data({"id": "tcc", **data}, "test")
    return engine.evaluate(student, D(on), extra)


MSC = {"programme": "msc_engineering_physics", "admitted": "2023-09-01"}
RENUMBERED = [_atom("course_renumbered", "10122", "10129", day_number(D("2024-09-01")))]
EXAMS_10122 = [{"course": "10122", "term": "2023-12", "date": "2023-12-14", "result": "00"},
               {"course": "10122", "term": "2024-05", "date": "2024-05-20", "result": "00"},
               {"course": "10129", "term": "2024-12", "date": "2024-12-14", "result": "00"}]


def test_renumbered_course_shares_the_attempts(engine: Engine) -> None:
    # 001 L822: offered again merely with a new number -> the attempts carry over (L820)
    ev = _eval(engine, {**MSC, "exams": EXAMS_10122}, "2025-01-10", RENUMBERED)
    assert ev.holds(_atom("attempts_used", "tcc", "10129", 3))
    assert ev.holds(_atom("attempts_exhausted", "tcc", "10129"))
    assert "common.same_course.renumbered" in ev.rules_fired()
    ev = _eval(engine, {**MSC, "exams": EXAMS_10122}, "2025-01-10", [])
    assert ev.holds(_atom("attempts_used", "tcc", "10129", 1))


def test_renumbered_course_is_no_longer_offered_from_its_day(engine: Engine) -> None:
    def asked(on: str) -> dict[str, Any]:
        regs = [{"course": "10122", "period": "spring-2024", "release_requested": on}]
        return {**MSC, "exams": EXAMS_10122[:2], "course_registrations": regs}

    ev = _eval(engine, asked("2024-09-01"), "2024-09-01", RENUMBERED)
    assert ev.holds(_atom("released_from_binding", "tcc", "10122"))
    ev = _eval(engine, asked("2024-08-31"), "2024-09-01", RENUMBERED)
    assert not ev.holds(_atom("released_from_binding", "tcc", "10122"))
    # MSc: no single compulsory course (001 L272-420), so nothing binds by replacement
    assert not ev.find("bound_by_replacement")


def test_renumbered_compulsory_beng_course_binds_the_new_number_from_its_day(engine: Engine) -> None:
    beng = {"programme": "beng_process_innovation", "admitted": "2024-09-01",
            "exams": [{"course": "01922", "term": "2025-05", "date": "2025-05-20", "result": "00"}]}
    extra = [_atom("course_renumbered", "01922", "01929", day_number(D("2025-09-01")))]
    ev = _eval(engine, beng, "2025-09-01", extra)
    assert ev.holds(_atom("bound_by_replacement", "tcc", "01922", "01929"))
    assert ev.holds(_atom("binding", "tcc", "01929"))
    ev = _eval(engine, beng, "2025-08-31", extra)
    assert not ev.holds(_atom("bound_by_replacement", "tcc", "01922", "01929"))


def test_identical_replacement_transfers_the_attempts(engine: Engine) -> None:
    beng = {"programme": "beng_process_innovation", "admitted": "2023-09-01",
            "exams": [{"course": "01920", "term": "2024-12", "date": "2024-12-16", "result": "00"},
                      {"course": "01922", "term": "2025-05", "date": "2025-05-20", "result": "00"}]}
    identical = _atom("course_replaced_by", "01920", "01922", Function("identical"))
    ev = _eval(engine, beng, "2025-06-01", [identical])
    assert ev.holds(_atom("attempts_used", "tcc", "01922", 2))
    assert "common.same_course.identical_replacement" in ev.rules_fired()
    ev = _eval(engine, beng, "2025-06-01", [])  # the catalogue: not_stated
    assert ev.holds(_atom("attempts_used", "tcc", "01922", 1))


@pytest.mark.parametrize(("term", "date", "expected"), [
    ("2024-12", "2024-12-14", 75),   # passed in the run that carried 7.5 ECTS
    ("2025-05", "2025-05-20", 50),   # passed at a re-exam in another term: the catalogue's 5 ECTS
])
def test_ects_counted_from_the_run_passed(engine: Engine, term: str, date: str, expected: int) -> None:
    exams = [{"course": "10122", "term": term, "date": date, "result": "7"}]
    extra = [_atom("course_run_ects", "10122", _term(2024, 12), 75)]
    ev = _eval(engine, {**MSC, "admitted": "2022-09-01", "exams": exams}, "2025-06-30", extra)
    assert ev.holds(_atom("ects_passed_at_dtu", "tcc", expected))  # programme_completion
    spring = Function("sem", [Number(2025), Function("spring")])
    autumn = Function("sem", [Number(2024), Function("autumn")])
    assert ev.holds(_atom("study_activity_ects", "tcc", autumn, spring, expected))  # study_activity
    assert ("common.course_ects.run" in ev.rules_fired()) == (expected == 75)
