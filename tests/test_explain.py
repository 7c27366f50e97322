"""Why and why-not explanations as data: rule ids, bindings, facts with file:line; EN/DA; JSON."""

from __future__ import annotations

import datetime as dt

import clingo
import pytest

from pyrules.core.engine import Engine, Evaluation
from pyrules.core.students import student_from_text
from pyrules.explain import Step, explain_why, explain_why_not
from pyrules.explain.render import from_json, render

STUDENT = """\
id: t1
programme: msc_engineering_physics
admitted: 2023-09-01
exams:
  - {course: "10122", term: 2023-12, date: 2023-12-14, result: EM}
  - {course: "10122", term: 2024-05, date: 2024-05-20, result: "-3"}
  - {course: "10122", term: 2024-08, date: 2024-08-15, result: "00"}
  - {course: "10112", term: 2023-12, date: 2023-12-11, result: SYG, illness_documented: 2024-01-10}
  - {course: "10304", term: 2023-12, date: 2023-12-11, withdrawn: {on: 2023-11-01, in_time: true}}
  - course: "10750"
    term: 2023-12
    date: 2023-12-06
    result: SYG
    illness_documented: 2023-12-20
"""


@pytest.fixture(scope="module")
def ev() -> Evaluation:
    engine = Engine()
    student = student_from_text(STUDENT, "t1.yaml", engine.courses)
    return engine.evaluate(student, dt.date(2025, 1, 1))


def atom(text: str) -> clingo.Symbol:
    return clingo.parse_term(text)


def walk(step: Step) -> list[Step]:
    return [step] + [s for c in step.children for s in walk(c)]


def test_why_attempts_exhausted_tree(ev: Evaluation) -> None:
    step = explain_why(ev, atom('attempts_exhausted("t1","10122")'))
    assert step is not None
    assert step.rule_id == "exam_attempts.attempts_exhausted"
    assert step.bindings["N"] == "3" and step.bindings["M"] == "3"
    assert "Used up exam attempts" in step.source.en and "L1050-1051" in step.source.en
    assert [c.rule_id for c in step.children] == [
        "exam_attempts.attempts_used", "exam_attempts.attempts_allowed"]
    used = step.children[0]
    assert used.counted.en == "count 3: 10122 December 2023; 10122 May 2024; 10122 August 2024"
    assert [c.rule_id for c in used.children] == [
        "exam_attempts.attempt.result_kinds.em", "exam_attempts.attempt.counts",
        "exam_attempts.attempt.counts"]
    leaves = [(f.file, f.line, f.field) for s in walk(step) for f in s.facts]
    assert ("t1.yaml", 5, "exams[0].result") in leaves
    assert ("t1.yaml", 6, "exams[1].result") in leaves
    assert ("t1.yaml", 7, "exams[2].result") in leaves
    assert ("t1.yaml", 2, "programme") in leaves
    params = [f for s in walk(step) for f in s.facts if f.atom.startswith("param(")]
    assert params and params[0].field == "param.max_exam_attempts.msc"
    # helpers (_follows, _same_course, _counts_as_attempt) are folded into their parents
    assert all(not s.conclusion.startswith("_") for s in walk(step))
    assert all(s.rule_id and s.source for s in walk(step))


def test_why_fact_lines_follow_the_yaml(ev: Evaluation) -> None:
    step = explain_why(ev, atom('effective_result("t1","10750",term(2023,12),syg)'))
    assert step is not None and step.rule_id == "exam_attempts.effective_result.syg"
    fields = {f.field: f.line for f in step.facts}
    assert fields["exams[5].illness_documented"] == 14
    assert fields["exams[5].result"] == 13
    assert fields["exams[5].date"] == 12


def test_why_none_when_not_holding(ev: Evaluation) -> None:
    assert explain_why(ev, atom('attempts_exhausted("t1","10112")')) is None


def test_why_not_comparison_with_actual_and_required(ev: Evaluation) -> None:
    wn = explain_why_not(ev, atom('attempts_exhausted("t1","10112")'))
    assert not wn.not_modelled
    [cand] = wn.candidates
    assert cand.rule_id == "exam_attempts.attempts_exhausted"
    [cond] = cand.failed
    assert (cond.holds, cond.actual.en, cond.required.en) == (False, "1", ">= 3")
    assert "attempts used" in cond.text.en and "attempts allowed" in cond.text.en


def test_why_not_late_illness_documentation(ev: Evaluation) -> None:
    wn = explain_why_not(ev, atom('effective_result("t1","10112",term(2023,12),syg)'))
    by_id = {c.rule_id: c for c in wn.candidates}
    assert {"exam_attempts.effective_result.as_registered",
            "exam_attempts.effective_result.syg"} <= set(by_id)
    syg = by_id["exam_attempts.effective_result.syg"]
    dates = [(c.actual.en, c.required.en) for c in syg.failed if c.required.en.startswith("<=")]
    assert dates == [("2024-01-10", "<= 2023-12-25")]
    registered = by_id["exam_attempts.effective_result.as_registered"]
    assert [(c.actual.en, c.required.en) for c in registered.failed] == [("SYG", "!= SYG")]


def test_why_not_blocked_by_exception(ev: Evaluation) -> None:
    wn = explain_why_not(ev, atom('exam_attempt("t1","10304",term(2023,12))'))
    blocked = {b.conclusion for c in wn.candidates for b in c.blocked_by}
    assert blocked == {'exam_withdrawn_in_time("t1","10304",term(2023,12))'}
    fact = next(b for c in wn.candidates for b in c.blocked_by).facts[0]
    assert (fact.file, fact.line, fact.field) == ("t1.yaml", 9, "exams[4].withdrawn")


def test_why_not_unknown_predicate_is_not_modelled(ev: Evaluation) -> None:
    wn = explain_why_not(ev, atom('no_such_conclusion("t1")'))
    assert wn.not_modelled and wn.candidates == []


def test_english_and_danish_rendering(ev: Evaluation) -> None:
    step = explain_why(ev, atom('attempts_exhausted("t1","10122")'))
    assert step is not None
    en, da = render(step, "en"), render(step, "da")
    assert "every allowed exam attempt in 10122 is used (3 of 3) without passing" in en
    assert "alle tilladte eksamensforsøg i 10122 er brugt (3 af 3) uden at bestå" in da
    assert "December 2023" in en and "december 2023" in da
    assert "001_5730cd345873c726.txt" in en and "003_1a8c80e4982e6279.txt" in da
    assert "t1.yaml:5" in en and "t1.yaml:5" in da
    wn = explain_why_not(ev, atom('attempts_exhausted("t1","10112")'))
    assert "required at least 3" in render(wn, "en")
    assert "krævet mindst 3" in render(wn, "da")


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_report_formats(ev: Evaluation, fmt: str) -> None:
    step = explain_why(ev, atom('attempts_exhausted("t1","10122")'))
    assert step is not None
    out = render(step, "da", fmt)
    assert "exam_attempts.attempts_exhausted" in out and "uden at bestå" in out


def test_json_round_trips(ev: Evaluation) -> None:
    step = explain_why(ev, atom('attempts_left("t1","10122",0)'))
    wn = explain_why_not(ev, atom('exam_attempt("t1","10304",term(2023,12))'))
    assert step is not None
    assert from_json(render(step, "en", "json")) == step
    assert from_json(render(wn, "da", "json")) == wn
