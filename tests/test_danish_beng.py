"""Every bundled BEng student, in Danish: every question kind's answer, and the why explanation of
every public conclusion, contain no English prose and no raw predicate (issues 10 and 11).

What is checked is the text a Danish adviser reads. Left out: rule ids in brackets ([internship.may_start])
and the cited input lines ("fra kb/facts/students/s2010.yaml:6 admitted: admitted(...)"), which quote
the student file's fact on purpose, and the source file names."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from pyrules.ask import Session
from pyrules.ask.kinds import KINDS
from pyrules.ask.questions import examples
from pyrules.core.engine import Engine, Evaluation
from pyrules.core.kb import KB_DIR
from pyrules.core.students import Student, load_student
from pyrules.explain import Explainer
from pyrules.explain.render import render

ON = dt.date(2026, 11, 15)
BENG = sorted(p.stem for p in (KB_DIR / "facts" / "students").glob("*.yaml")
              if "programme: beng_process_innovation" in p.read_text(encoding="utf-8"))
RAW = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]*\(")  # a predicate with its arguments: name_with_underscores(
ENGLISH = frozenset((
    "the", "is", "are", "not", "must", "and", "of", "with", "from", "which", "has", "passed",
    "course", "courses", "deadline", "application", "later", "weeks", "cannot", "be", "by", "yes",
    "no", "missing", "lacks", "internship", "thesis", "exam", "attempt", "granted", "without",
    "reason", "student", "students", "until", "before", "after", "within", "required", "allowed",
    "submitted"))
_IGNORED = (re.compile(r"\[[a-z0-9_.]+\]"),  # rule ids
            re.compile(r"^\s*fra (\S+:\d+|\([^)]*\))[ :].*$", re.MULTILINE),  # cited facts
            re.compile(r"\d{3}_[0-9a-f]{16}\.txt"), re.compile(r"\S+\.(yaml|lp)(:\d+)?"))


def problems(text: str) -> list[str]:
    """The English words and raw predicates in a Danish text."""
    for pattern in _IGNORED:
        text = pattern.sub(" ", text)
    words = {w for w in re.findall(r"[A-Za-zÆØÅæøå]+", text) if w in ENGLISH}
    return sorted(words) + RAW.findall(text)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def student(engine: Engine, sid: str) -> Student:
    return load_student(KB_DIR / "facts" / "students" / f"{sid}.yaml", engine.courses)


def test_the_beng_students_are_found() -> None:
    assert len(BENG) >= 9 and {"s2009", "s2016", "s2017"} <= set(BENG)


def test_the_check_catches_english_and_raw_predicates() -> None:
    assert problems("orlov kan ikke bevilges: application later than three weeks into leave")
    assert problems("ikke opfyldt: not_passed(1, place(62041))")
    assert not problems("[internship.may_start] ikke opfyldt: kurset 62041 på 1. semester er ikke bestået")


@pytest.mark.parametrize("sid", BENG)
def test_every_question_kind_answers_in_danish(engine: Engine, sid: str) -> None:
    """Every question kind's Danish example answered in Danish; each answered No, followed by
    'hvorfor ikke?': the why-not is Danish too (one pass over the questions for both)."""
    session = Session(engine, {sid: student(engine, sid)}, ON, "da")
    bad = {}
    for line in examples("da", sid, "62041"):
        reply = session.handle(line)
        assert reply.answer is not None and reply.answer.status != "invalid", (line, reply.text)
        found = problems(reply.text)
        if found:
            bad[line] = (found, reply.text)
        if reply.answer.status == "answered" and not reply.answer.holds:
            why = session.handle("hvorfor ikke?")
            found = problems(why.text)
            if found:
                bad[f"{line} / hvorfor ikke?"] = (found, why.text)
    assert not bad, bad
    assert len({k.name for k in KINDS}) == len(KINDS)


def _explanations(engine: Engine, sid: str) -> dict[str, str]:
    ev: Evaluation = engine.evaluate(student(engine, sid), ON)
    x = Explainer(ev)
    out = {}
    for atom in ev.public:
        step = x.step(atom)
        assert step is not None
        out[str(atom)] = render(step, "da")
    return out


@pytest.mark.parametrize("sid", BENG)
def test_every_conclusion_explained_in_danish(engine: Engine, sid: str) -> None:
    bad = {atom: problems(text) for atom, text in _explanations(engine, sid).items() if problems(text)}
    assert not bad, bad
