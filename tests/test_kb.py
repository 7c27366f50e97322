"""The KB loader, the provenance transformer, the lint, and the engine's evaluation date."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from clingo import Function, Number, String

from pyrules.core.engine import Engine
from pyrules.core.kb import KB_DIR, default_kb, load_kb
from pyrules.core.students import student_from_data
from pyrules.maintain.lint import lint, quote_found

ANNOTATION = """%@rule test.{name}
%@source 001_5730cd345873c726.txt | Exam rules > Exam attempts | L1034
%@quote "Students are entitled to three exam attempts in each course or project."
"""


def make_kb(tmp_path: Path, chapter: str) -> Path:
    """A copy of the KB's inputs and sources plus one chapter of test rules."""
    root = tmp_path / "kb"
    (root / "sources").mkdir(parents=True)
    for src in (KB_DIR / "sources").glob("*.txt"):
        shutil.copy(src, root / "sources" / src.name)
    shutil.copy(KB_DIR / "inputs.lp", root / "inputs.lp")
    (root / "chapter.lp").write_text(chapter, encoding="utf-8")
    (root / "rules.lp").write_text('#include "inputs.lp".\n#include "chapter.lp".\n')
    return root


def lint_messages(tmp_path: Path, chapter: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    root = make_kb(tmp_path, chapter)
    monkeypatch.setattr("pyrules.maintain.lint.SOURCES_DIR", root / "sources")
    return [p.message for p in lint(load_kb(root))]


def test_bundled_kb_is_clean() -> None:
    assert [str(p) for p in lint(default_kb())] == []


def test_every_rule_is_labelled_and_has_provenance() -> None:
    kb = default_kb()
    assert kb.unlabelled == []
    fired = [s for s in kb.statements if str(s).startswith("_fired(")]
    assert len(fired) == sum(len(r.clauses) for r in kb.rules.values())


def test_unlabelled_rule_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    msgs = lint_messages(tmp_path, "_a(S) :- student(S).\n", monkeypatch)
    assert any("rule without a %@rule annotation" in m for m in msgs)


def test_wrong_quote_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chapter = ANNOTATION.format(name="a").replace("three exam", "four exam") + \
        "_a(S) :- student(S).\n"
    msgs = lint_messages(tmp_path, chapter, monkeypatch)
    assert any("%@quote is not verbatim" in m for m in msgs)


def test_wrong_line_range_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chapter = ANNOTATION.format(name="a").replace("L1034", "L1040") + "_a(S) :- student(S).\n"
    msgs = lint_messages(tmp_path, chapter, monkeypatch)
    assert any("%@quote is not verbatim in 001_5730cd345873c726.txt L1040-1040" in m for m in msgs)


def test_unstratified_negation_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chapter = (ANNOTATION.format(name="a") + "_a(S) :- student(S), not _b(S).\n\n" +
               ANNOTATION.format(name="b") + "_b(S) :- student(S), not _a(S).\n")
    msgs = lint_messages(tmp_path, chapter, monkeypatch)
    assert any(m.startswith("not stratified") for m in msgs)


def test_choice_rules_and_constraints_are_refused(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    chapter = (ANNOTATION.format(name="a") + "{ _a(S) } :- student(S).\n\n" +
               ANNOTATION.format(name="b") + ":- student(S), not programme(S, _).\n")
    msgs = lint_messages(tmp_path, chapter, monkeypatch)
    assert any("choice rules" in m for m in msgs)
    assert any("integrity constraints" in m for m in msgs)


def test_undefined_predicate_and_undocumented_public(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    chapter = ANNOTATION.format(name="a") + "binding(S) :- student(S), _nowhere(S).\n"
    msgs = lint_messages(tmp_path, chapter, monkeypatch)
    assert any("_nowhere/1 is used but never defined" in m for m in msgs)
    assert any("binding/1 is concluded but neither public" in m for m in msgs)


def test_rule_id_must_name_its_chapter_file(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_kb(tmp_path, "")
    (root / "chapters").mkdir()
    (root / "chapters" / "exam_attempts.lp").write_text(
        ANNOTATION.replace("test.{name}", "exam.a") + "_a(S) :- student(S).\n\n" +
        ANNOTATION.replace("test.{name}", "exam_attempts.b") + "_b(S) :- student(S).\n",
        encoding="utf-8")
    (root / "rules.lp").write_text('#include "inputs.lp".\n#include "chapters/exam_attempts.lp".\n')
    monkeypatch.setattr("pyrules.maintain.lint.SOURCES_DIR", root / "sources")
    problems = [p for p in lint(load_kb(root)) if "does not name its chapter file" in p.message]
    assert [p.message for p in problems] == [
        "rule id 'exam.a' does not name its chapter file exam_attempts.lp: expected "
        "exam_attempts.<what>"]
    assert problems[0].file.endswith("exam_attempts.lp") and problems[0].line == 1


def test_quote_with_ellipsis() -> None:
    assert quote_found("Students are entitled to three … in each course or project.",
                       "001_5730cd345873c726.txt", 1034, 1034)
    assert not quote_found("in each course … Students are entitled",
                           "001_5730cd345873c726.txt", 1034, 1034)


def test_evaluation_date_is_an_explicit_input() -> None:
    student = student_from_data({"id": "d1", "programme": "msc_engineering_physics",
                                 "admitted": "2023-02-01"}, "d1.yaml")
    engine = Engine()
    day = dt.date(2024, 6, 1)
    ev = engine.evaluate(student, day)
    assert ev.on == day
    assert ev.holds(Function("today", [Number((day - dt.date(1970, 1, 1)).days)]))
    assert ev.holds(Function("student", [String("d1")]))


def test_provenance_binds_the_rule_variables() -> None:
    student = student_from_data({
        "id": "p1", "programme": "msc_engineering_physics", "admitted": "2023-02-01",
        "exams": [{"course": "10122", "term": "2023-12", "date": "2023-12-14", "result": "EM"}],
    }, "p1.yaml")
    ev = Engine().evaluate(student, dt.date(2024, 1, 10))
    atom = Function("attempts_used", [String("p1"), String("10122"), Number(1)])
    (firing,) = ev.fired_for[atom]
    rule = default_kb().rules[firing.rule_id]
    assert firing.rule_id == "exam_attempts.attempts_used"
    bound = dict(zip(rule.clauses[firing.clause].variables, firing.binding, strict=True))
    assert bound["C"] == String("10122") and bound["N"] == Number(1)
