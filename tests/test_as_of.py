"""'As of' a date means as of that date: the encoder writes only what was known on the evaluation
date (pyrules/core/encode.py, docs/facts.md "As of a date"), so no rule sees a later record.

A bundled student (s1002, admitted 2023-02-01, exams from May 2023 to May 2026) evaluated before,
between and after its records."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from clingo import Function, Number, String, Symbol

from pyrules import cli
from pyrules.core.encode import student_facts
from pyrules.core.engine import Evaluation, shared_engine
from pyrules.core.students import load_student, student_from_data
from pyrules.core.values import day_number

STUDENTS = Path(__file__).resolve().parents[1] / "kb" / "facts" / "students"


def evaluate(on: str, sid: str = "s1002") -> Evaluation:
    engine = shared_engine()
    return engine.evaluate(load_student(STUDENTS / f"{sid}.yaml", engine.courses), dt.date.fromisoformat(on))


def passed(ev: Evaluation, course: str) -> bool:
    return ev.holds(Function("course_passed", [String("s1002"), String(course)]))


def attempts(ev: Evaluation, course: str) -> int | None:
    rows = [a for a in ev.find("attempts_used", 3) if a.arguments[1] == String(course)]
    return rows[0].arguments[2].number if rows else None


def registration(course: str, year: int, kind: str) -> Symbol:
    period = Function("period", [Number(year), Function(kind)])
    return Function("course_registration", [String("s1002"), String(course), period])


def test_before_every_record() -> None:
    ev = evaluate("2020-01-01")
    assert not passed(ev, "10384") and not passed(ev, "10350")
    assert attempts(ev, "10384") in (None, 0)
    assert not ev.find("result", 4) and not ev.find("exam_registration", 3)
    assert not ev.find("course_registration", 3)
    # the student and the admission are known: the record describes who is evaluated
    assert ev.holds(Function("admitted", [String("s1002"), Number(day_number(dt.date(2023, 2, 1)))]))


def test_between_records() -> None:
    # 2024-01-07: the December 2023 exams are held, 10122's grade is published (2024-01-05),
    # 10304's not yet (2024-01-10); the exam of 10384 (2026-05-22) lies in the future
    ev = evaluate("2024-01-07")
    assert passed(ev, "10122")
    assert not passed(ev, "10304")
    assert not passed(ev, "10384") and attempts(ev, "10384") is None
    assert attempts(ev, "10036") == 2  # -3 in May 2023 and EM in August 2023
    # a registration for a term ahead, made by then: spring 2024 (registration during autumn 2023)
    assert ev.holds(registration("10350", 2024, "spring"))
    # ... but not one two semesters ahead (autumn 2024)
    assert not ev.holds(registration("10200", 2024, "autumn"))


@pytest.mark.parametrize("on, known", [("2024-01-09", False), ("2024-01-10", True)])
def test_grade_known_from_its_publication_day(on: str, known: bool) -> None:
    assert passed(evaluate(on), "10304") is known


@pytest.mark.parametrize("on, held", [("2026-05-21", False), ("2026-05-22", True)])
def test_exam_held_on_its_date(on: str, held: bool) -> None:
    ev = evaluate(on)
    assert passed(ev, "10384") is held
    assert (attempts(ev, "10384") == 1) is held


def test_after_every_record_is_the_whole_record() -> None:
    engine = shared_engine()
    student = load_student(STUDENTS / "s1002.yaml", engine.courses)
    assert set(student_facts(student.record, dt.date(2027, 1, 1))) == set(student_facts(student.record))
    ev = evaluate("2027-01-01")
    assert passed(ev, "10384") and attempts(ev, "10384") == 1


@pytest.mark.parametrize("on, yes", [("2020-01-01", False), ("2026-06-01", True)])
def test_ask_as_of(on: str, yes: bool, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(STUDENTS / "s1002.yaml")
    rc = cli.main(["ask", path, "has s1002 passed 10384?", "--on", on, "--json"])
    out = json.loads(capsys.readouterr().out)
    assert rc == 0 and (out["holds"] is True) is yes


def _one(record: dict, on: str) -> set[str]:
    engine = shared_engine()
    student = student_from_data(record, "t.yaml", engine.courses)
    return {str(s) for s in student_facts(student.record, dt.date.fromisoformat(on))}


BASE = {"id": "t1", "programme": "msc_engineering_physics", "admitted": "2023-09-01"}


def test_readings_of_dated_records() -> None:
    record = dict(BASE, exams=[{"course": "10122", "term": "2024-05", "registered": "2024-03-01",
                                "date": "2024-05-20", "result": "4", "grade_published": "2024-06-03",
                                "parts": [{"part": "a", "weight": 50, "grade": "4"},
                                          {"part": "b", "weight": 50, "grade": "4", "final": True}]}],
                  leave=[{"kind": "right", "reason": "illness", "from": "2024-09-01", "to": "2025-01-31",
                          "applied": "2024-06-15"}],
                  decisions=[{"kind": "extra_attempt", "subject": "10122", "date": "2024-07-01"}],
                  withdrawal="2025-03-01")
    # registered, exam not yet held: the registration and its scheduled date are known, no outcome
    facts = _one(record, "2024-04-01")
    assert any(f.startswith("exam_registration(") for f in facts)
    assert any(f.startswith("exam_date(") for f in facts)
    assert not any(f.startswith(("result(", "part_result(", "grade_published(")) for f in facts)
    # held, grade not yet published: still no result or part grades
    facts = _one(record, "2024-05-25")
    assert not any(f.startswith(("result(", "part_result(")) for f in facts)
    # published: result and part grades known
    facts = _one(record, "2024-06-03")
    assert any(f.startswith("result(") for f in facts) and any(f.startswith("part_result(") for f in facts)
    # leave applied for (2024-06-15) for a later period is known once applied for; not before
    assert not any(f.startswith("leave(") for f in _one(record, "2024-06-14"))
    assert any(f.startswith("leave(") for f in _one(record, "2024-06-15"))
    # a decision from its date; a withdrawal from its date
    assert not any(f.startswith("decision(") for f in _one(record, "2024-06-30"))
    assert any(f.startswith("decision(") for f in _one(record, "2024-07-01"))
    assert not any(f.startswith("withdrew(") for f in _one(record, "2025-02-28"))
    assert any(f.startswith("withdrew(") for f in _one(record, "2025-03-01"))
    # before the registration date: the occasion is not known at all
    assert not any("10122" in f for f in _one(record, "2024-02-29"))


def test_readings_of_the_deadline_inputs() -> None:
    """The changed form, the complaint, the annulment, the credit decision letter: each from its date."""
    record = dict(BASE, exams=[{"course": "10122", "term": "2024-05", "registered": "2024-03-01",
                                "date": "2024-05-20", "result": "EM", "annulled": "2024-06-20",
                                "form_changed": {"notified": "2024-04-20", "kind": "written_to_oral",
                                                 "after_withdrawal_deadline": True},
                                "complaint": {"statement_available": "2024-07-01", "decided": "2024-08-01",
                                              "outcome": "not_upheld"}}],
                  credit_transfers=[{"id": "ku-1", "ects": 5, "level": "msc", "status": "rejected",
                                     "decision_sent": "2024-04-02", "foreign": False}])
    dated = (("exam_form_change_notified(", "2024-04-20"), ("exam_form_change_after_deadline(", "2024-04-20"),
             ("exam_registration_annulled(", "2024-06-20"), ("complaint_statement_available(", "2024-07-01"),
             ("complaint_decided(", "2024-08-01"), ("credit_transfer_decision_sent(", "2024-04-02"))
    for pred, day in dated:
        before = (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat()
        assert not any(f.startswith(pred) for f in _one(record, before)), (pred, before)
        assert any(f.startswith(pred) for f in _one(record, day)), (pred, day)
    # the element's origin is known with the element (undated: always)
    assert any(f.startswith("credit_transfer_danish(") for f in _one(record, "2024-03-01"))
