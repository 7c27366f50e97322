"""May a student register for a course: a refusal by each guard, the blocking rule named in the why-not."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from clingo import Function, String

from pyrules.ask import answer, parse
from pyrules.core.engine import shared_engine
from pyrules.core.students import student_from_data
from pyrules.explain import explain_why_not

engine = shared_engine
ON = dt.date(2025, 3, 1)
MSC: dict[str, Any] = {"id": "r1", "programme": "msc_engineering_physics", "admitted": "2022-09-01",
                       "honour_code_accepted": "2022-08-25"}
BENG: dict[str, Any] = {"id": "r2", "programme": "beng_process_innovation", "admitted": "2024-09-01"}


def _exam(course: str, term: str, result: str) -> dict[str, Any]:
    return {"course": course, "term": term, "date": f"{term}-14", "result": result}


# (guard rule, reason, student record, course asked about)
GUARDS: list[tuple[str, str, dict[str, Any], str]] = [
    ("course_registration.barred.not_applicable", "not_applicable",
     {**MSC, "exams": [_exam("10380", "2024-12", "7")],
      "course_descriptions": [{"course": "10112", "not_applicable_with": ["10380"]}]}, "10112"),
    ("course_registration.barred.honour_code", "honour_code_not_accepted",
     {**MSC, "honour_code_accepted": None}, "10122"),
    ("course_registration.barred.passed", "already_passed",
     {**MSC, "exams": [_exam("10122", "2024-12", "02")]}, "10122"),
    ("course_registration.barred.not_preapproved_beng", "not_preapproved", BENG, "10036"),
    ("course_registration.barred.bachelor_level_cap", "bachelor_level_cap",
     {**MSC, "exams": [_exam("10104", "2024-05", "7")]}, "10036"),
    ("course_registration.barred.beng_level", "beng_level", MSC, "62000"),
    ("course_registration.barred.beyond_programme_ects", "beyond_programme_ects",
     {**MSC, "pre_commencement_credit": [{"id": "p1", "ects": 85, "level": "msc",
                                          "passed_on": "2022-06-01"}]}, "10112"),
    ("course_registration.barred.msc_level_beng", "msc_level_not_preapproved", BENG, "10122"),
    ("course_registration.barred.mandatory_prerequisite", "mandatory_prerequisite_missing",
     {**MSC, "course_descriptions": [{"course": "10401", "mandatory_prerequisites": ["10400"]}]}, "10401"),
    ("course_registration.barred.attempts_exhausted", "attempts_exhausted",
     {**MSC, "exams": [_exam("10122", t, "00") for t in ("2023-12", "2024-05", "2024-12")]}, "10122"),
]


@pytest.mark.parametrize(("rule", "reason", "record", "course"), GUARDS, ids=[g[1] for g in GUARDS])
def test_each_guard_refuses_and_why_not_names_its_rule(rule: str, reason: str, record: dict[str, Any],
                                                        course: str) -> None:
    student = student_from_data(record, "test", engine().courses)
    ev = engine().evaluate(student, ON)
    S, C = String(student.id), String(course)
    assert ev.holds(Function("course_registration_barred", [S, C, Function(reason)]))
    assert not ev.holds(Function("may_register_for_course", [S, C]))
    wn = explain_why_not(ev, Function("may_register_for_course", [S, C]), engine().kb)
    blocked = [step.rule_id for cand in wn.candidates for step in cand.blocked_by]
    assert [c.rule_id for c in wn.candidates] == ["course_registration.may_register"]
    assert rule in blocked


@pytest.mark.parametrize(("text", "lang"), [("may r1 register for course 62000?", "en"),
                                            ("må r1 tilmelde sig kursus 62000?", "da")])
def test_the_question_answers_no_with_the_blocking_rule(text: str, lang: str) -> None:
    student = student_from_data(MSC, "test", engine().courses)
    q = parse(text, {"r1"}, engine().courses)
    assert (q.kind, q.lang, q.course) == ("may_register_course", lang, "62000")
    ans = answer(engine(), student, q, ON)
    assert not ans.holds
    assert "course_registration.barred.beng_level" in ans.rules
    assert ans.text(lang).startswith("No:" if lang == "en" else "Nej:")


@pytest.mark.parametrize("text", ["må r1 tilmelde sig eksamen i kursus 10122?",
                                  "may r1 register for the exam in course 10122?",
                                  "kan r1 tilmelde sig 10122?"])
def test_exam_questions_keep_their_kind(text: str) -> None:
    assert parse(text, {"r1"}, engine().courses).kind == "may_register"
