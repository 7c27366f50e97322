"""Every bundled student: why for every public conclusion, why not for every public predicate."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import clingo
import pytest

from pyrules.core.engine import Engine, Evaluation
from pyrules.core.kb import KB_DIR
from pyrules.core.students import load_student
from pyrules.explain import Explainer, Step, explain_why, explain_why_not
from pyrules.explain.match import to_py, to_symbol
from pyrules.explain.render import from_json, render
from pyrules.explain.whynot import why_not

ON = dt.date(2026, 11, 15)
STUDENTS = sorted(p.stem for p in (KB_DIR / "facts" / "students").glob("*.yaml"))
SOURCE = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt \| .+ \| L\d+(-\d+)?$")
_CACHE: dict[str, Evaluation] = {}


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def evaluation(engine: Engine, sid: str) -> Evaluation:
    if sid not in _CACHE:
        student = load_student(KB_DIR / "facts" / "students" / f"{sid}.yaml", engine.courses)
        _CACHE[sid] = engine.evaluate(student, ON)
    return _CACHE[sid]


def walk(step: Step) -> list[Step]:
    return [step] + [s for c in step.children for s in walk(c)]


def check_step(step: Step, helper_top: bool = False) -> None:
    """Every step names a rule and its paragraph; every leaf is a fact with file:line."""
    for s in walk(step):
        assert s.rule_id, s.conclusion
        assert SOURCE.match(s.source.en), (s.rule_id, s.source)
        assert not s.conclusion.startswith("_") or (helper_top and s is step), s.conclusion
        for f in s.facts:
            if f.file == "(evaluation date)":
                assert f.atom.startswith("today(")
                continue
            assert f.line > 0 and Path(KB_DIR.parent, f.file).is_file(), f
            assert f.file.endswith(".yaml") or f.atom.startswith("param(") or s.conclusion, f


@pytest.mark.parametrize("sid", STUDENTS)
def test_why_every_public_conclusion(engine: Engine, sid: str) -> None:
    ev = evaluation(engine, sid)
    x = Explainer(ev)
    assert ev.public
    for atom in ev.public:
        step = x.step(atom)
        assert step is not None and step.conclusion == str(atom)
        check_step(step)


def _candidate_values(ev: Evaluation, pred: tuple[str, int], evs: list[Evaluation],
                      x: Explainer) -> list[list[object]]:
    """For each argument position, values seen there (any student) or in a rule's head."""
    out: list[list[object]] = [[] for _ in range(pred[1])]
    for other in evs:
        for atom in other.find(*pred):
            for i, v in enumerate(to_py(atom)[1:]):
                if v not in out[i]:
                    out[i].append(v)
    for rule in x.kb.rules.values():
        for clause in rule.clauses:
            if clause.head_predicate == pred:
                from pyrules.explain.match import compiled

                head = compiled(clause).head
                if head[0] == "f":
                    for i, arg in enumerate(head[2]):
                        if arg[0] == "c" and arg[1] not in out[i]:
                            out[i].append(arg[1])
    courses = [to_py(a)[2] for a in ev.find("exam_registration", 3)]
    for i, vals in enumerate(out):
        if i == 0 and pred[1] and (not vals or isinstance(vals[0], str)):
            vals.insert(0, ev.student.id)
        vals.extend(v for v in courses[:2] + [0, 1] if v not in vals)
    return out


def not_holding(ev: Evaluation, pred: tuple[str, int], evs: list[Evaluation],
                x: Explainer) -> clingo.Symbol | None:
    """One instance of the predicate, about this student, that does not hold."""
    values = _candidate_values(ev, pred, evs, x)
    values[0] = [ev.student.id] if pred[1] else values[0]
    for combo in itertools.islice(itertools.product(*(v[:6] for v in values)), 2000):
        atom = to_symbol((pred[0], *combo))
        if atom not in ev.atoms:
            return atom
    return None


def test_why_not_every_public_predicate(engine: Engine) -> None:
    evs = [evaluation(engine, sid) for sid in STUDENTS]
    concluded = {c.head_predicate for r in Explainer(evs[0]).kb.rules.values() for c in r.clauses}
    checked = 0
    for ev in evs:
        x = Explainer(ev)
        for pred in sorted(ev.vocabulary):
            atom = not_holding(ev, pred, evs, x)
            if atom is None:
                continue
            wn = why_not(x, atom)
            checked += 1
            if pred not in concluded:
                assert wn.not_modelled and not wn.candidates
                continue
            for cand in wn.candidates:
                assert cand.rule_id and SOURCE.match(cand.source.en), (atom, cand.rule_id)
                assert cand.failed or cand.blocked_by, (atom, cand.rule_id)
                for b in cand.blocked_by:
                    check_step(b, helper_top=True)
            assert wn.not_modelled == (not wn.candidates)
    assert checked >= len(evs) * 20


def sym(text: str) -> clingo.Symbol:
    return clingo.parse_term(text)


def test_s1001_may_start_thesis(engine: Engine) -> None:
    ev = evaluation(engine, "s1001")
    step = explain_why(ev, sym('may_start_thesis("s1001")'))
    assert step is not None
    assert step.rule_id == "thesis.may_start.lacking"
    assert "L458" in step.source.en
    assert step.bindings["E"] == "15" and step.bindings["M"] == "15"
    assert [(f.file, f.line, f.field) for f in step.facts] == [
        ("kb/facts/students/s1001.yaml", 3, "id"), ("kb/facts/students/s1001.yaml", 5, "programme"),
        ("kb/facts/parameters/thesis.lp", 9, "param.thesis_max_lacking.msc")]
    [lacking] = step.children
    assert lacking.rule_id == "thesis.ects_lacking"
    assert lacking.conclusion == 'thesis_ects_lacking("s1001",150)'
    passed = {c.conclusion for c in lacking.children}
    assert 'passed_occasion("s1001","10122",term(2023,12))' in passed
    leaves = {(f.file, f.line, f.field) for s in walk(step) for f in s.facts}
    assert ("kb/facts/students/s1001.yaml", 28, "exams[4].result") in leaves


def test_s2002_binding_kept_despite_illness(engine: Engine) -> None:
    ev = evaluation(engine, "s2002")
    step = explain_why(ev, sym('binding_kept_despite_illness("s2002","62041")'))
    assert step is not None
    assert step.rule_id == "course_registration.illness_kept_beng"
    assert step.source.en.startswith("003_1a8c80e4982e6279.txt") and "L861" in step.source.en
    assert step.bindings == {"S": "s2002", "C": "62041"}
    facts = [(f.file, f.line, f.field) for f in step.facts]
    assert ("kb/facts/students/s2002.yaml", 5, "programme") in facts
    assert ("kb/facts/students/s2002.yaml", 45, "exams[17]") in facts
    binding = explain_why(ev, sym('binding("s2002","62041")'))
    assert binding is not None and binding.rule_id == "course_registration.holds"
    assert binding.source.da.startswith("003_1a8c80e4982e6279.txt")


def test_s1003_attempts_exhausted_and_conflict(engine: Engine) -> None:
    ev = evaluation(engine, "s1003")
    step = explain_why(ev, sym('in_conflict_with_exam_rules("s1003","10122")'))
    assert step is not None and step.rule_id == "exam_attempts.in_conflict"
    [exhausted] = step.children
    assert exhausted.rule_id == "exam_attempts.attempts_exhausted"
    assert (exhausted.bindings["N"], exhausted.bindings["M"]) == ("3", "3")
    used, allowed = exhausted.children
    assert used.rule_id == "exam_attempts.attempts_used"
    assert allowed.rule_id == "exam_attempts.attempts_allowed"
    assert used.counted.en == \
        "count 3: 10122 December 2022; 10122 May 2023; 10122 August 2023"
    assert [c.rule_id for c in used.children] == [
        "exam_attempts.attempt.counts", "exam_attempts.attempt.result_kinds.em",
        "exam_attempts.attempt.counts"]
    leaves = [(f.file, f.line, f.field) for s in walk(used) for f in s.facts]
    assert ("kb/facts/students/s1003.yaml", 10, "exams[0].result") in leaves
    assert ("kb/facts/students/s1003.yaml", 12, "exams[2].result") in leaves
    assert ("kb/facts/students/s1003.yaml", 13, "exams[3].result") in leaves
    params = [f for f in allowed.facts if f.atom.startswith("param(")]
    assert [(f.file, f.line) for f in params] == [("kb/facts/parameters/exam_attempts.lp", 8)]


def test_s1003_why_not_exhausted_in_a_passed_course(engine: Engine) -> None:
    ev = evaluation(engine, "s1003")
    passed = [c.values[1] for c in ev.conclusions("course_passed")]
    assert passed
    wn = explain_why_not(ev, sym(f'attempts_exhausted("s1003","{passed[0]}")'))
    [cand] = wn.candidates
    assert cand.rule_id == "exam_attempts.attempts_exhausted" and SOURCE.match(cand.source.en)
    assert any(c.required.en.startswith(">=") or c.required.en == "absent" or c.required.en == "holds"
               for c in cand.failed) or cand.blocked_by


def test_why_not_thesis_names_the_shortfall(engine: Engine) -> None:
    ev = evaluation(engine, "s1003")
    [lacking] = ev.conclusions("thesis_ects_lacking")
    shown = f"{lacking.values[1]:g}"  # typed: ECTS as a decimal
    wn = explain_why_not(ev, sym('may_start_thesis("s1003")'))
    cand = next(c for c in wn.candidates if c.rule_id == "thesis.may_start.lacking")
    [cond] = cand.failed
    assert (cond.actual.en, cond.required.en) == (shown, "<= 15")
    # each side in words, no variable letters (E, M): the measure and the parameter it is held to
    assert cond.text.en == "ECTS besides the thesis <= the ECTS that may be lacking"
    assert cond.text.da == "ECTS ud over specialet <= de ECTS-point, der højst må mangle"
    assert f"{shown} ECTS lacking besides the thesis" in cand.text.en and "…" not in cand.text.en
    assert "…" not in cand.text.da and f"mangler {shown} ECTS" in cand.text.da
    assert [b for c in wn.candidates for b in c.blocked_by] == []
    assert wn.text.en and "may_start_thesis" not in wn.text.en  # the heading in words


def test_why_not_names_the_part_grade_below_00(engine: Engine) -> None:
    """s2004's 62030 is decided by its part grades (12 and -3): the why-not shows the grade compared
    with 02 and, under it, the rule that capped it and the part grade -3 (issue 11)."""
    ev = evaluation(engine, "s2004")
    wn = explain_why_not(ev, sym('course_passed("s2004","62030")'))
    text = render(wn, "da")
    assert "karakteren >= beståelseskarakteren: 00; krævet mindst 02" in text
    assert "ingen delkarakter under 00" in text and "delprøve oral i 62030 i december 2025: -3" in text
    assert text.splitlines()[0] == "Hvorfor ikke: den studerende har bestået 62030"
    [cond] = [c for cand in wn.candidates for c in cand.failed if c.because]
    assert [b.rule_id for b in cond.because] == ["exam_results.parts.not_passed_grade"]
    back = from_json(render(wn, "da", "json"))
    assert isinstance(back, type(wn)) and render(back, "da") == text


def test_why_not_leaves_out_another_programmes_rules(engine: Engine) -> None:
    """A BEng student's why-not for the final project does not list the MSc thesis rule (001)."""
    ev = evaluation(engine, "s2010")
    wn = explain_why_not(ev, sym('may_start_final_project("s2010")'))
    assert [c.rule_id for c in wn.candidates] == ["final_project.may_start.beng"]


def test_same_explanation_in_english_and_danish(engine: Engine) -> None:
    ev = evaluation(engine, "s2002")
    step = explain_why(ev, sym('binding("s2002","62041")'))
    assert step is not None and step.source.da and step.quote.da
    en, da = render(step, "en"), render(step, "da")
    assert step.source.en in en and step.source.da not in en
    assert step.source.da in da and step.quote.da in da and step.quote.en not in da
    assert step.text.en in en and step.text.da in da and step.text.en != step.text.da
    assert "s2002.yaml:45" in en and "s2002.yaml:45" in da
    wn = explain_why_not(engine.evaluate(ev.student, ON), sym('may_start_thesis("s2002")'))
    assert render(wn, "en") != render(wn, "da")
    s1003 = explain_why_not(evaluation(engine, "s1003"), sym('may_start_thesis("s1003")'))
    assert "required at most 15" in render(s1003, "en")
    assert "krævet højst 15" in render(s1003, "da")
