"""What-if: a hypothetical exam result applied to an in-memory copy of a student record, and the diff."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from ..core.engine import Engine, Evaluation
from ..core.students import FactsError, Student, student_from_data
from ..core.text import Text
from ..core.values import MONTHS, Term, parse_result, result_text

_VERBS_PASS = ("passes", "passed", "pass", "består", "bestod", "bestå")
_VERBS_FAIL = ("fails", "failed", "fail", "dumper", "dumpede", "består ikke")
_VERBS_GET = ("gets", "got", "get", "får", "fik", "takes", "tager")
_CHANGE = re.compile(
    r"^(?:(?P<s>[a-z][\w-]*)\s+)?(?P<verb>består ikke|[a-zæøå]+)\s+(?:(?:a|en|grade|karakteren)\s+)?"
    r"(?:(?P<g1>-?\w+)\s+(?:in|i)\s+)?(?P<c>\d{5})(?:\s+(?:with|med)\s+(?:a\s+|grade\s+|karakteren\s+)?"
    r"(?P<g2>-?\w+))?(?:\s+(?:in|at|i|ved|til)\s+(?P<when>.+))?$")
_REEXAM = re.compile(r"re-?exam|resit|re-?eksamen|omprøve")


class WhatIfError(ValueError):
    """A what-if change that cannot be read or applied (the message says how to phrase it)."""


@dataclass(frozen=True)
class Change:
    """One hypothetical exam result: student, course, term, result."""

    student: str | None
    course: str
    term: Term
    result: int | str
    text: str

    def describe(self, lang: str = "en") -> str:
        return Text("{s} gets {r} in {c} in the {t} exam term",
                    "{s} får {r} i {c} i eksamensterminen {t}").get(lang).format(
            s=self.student, r=result_text(self.result), c=self.course, t=self.term)


USAGE = ("phrase a what-if as: what if s1001 passes 10102 with 7 in the 2025 re-exam / "
         "what if s1001 fails 10102 in 2025-08 / hvad hvis s1001 består 10102 med 7 ved reeksamen i 2025")


def _reexam_months(engine: Engine, student: Student, course: str) -> set[int]:
    """The month of the course's re-exam: the KB's reexam_term, else the calendar facts for the teaching
    period the student followed it in, else for its first exam (kb/facts/calendar.lp)."""
    ev = engine.evaluate(student)
    months = {c.values[2].month for c in ev.conclusions("reexam_term") if c.values[1] == course}
    if months:
        return months
    kb = engine.kb
    by_kind = {args[0].name: args[1].number for args in kb.facts_of("reexam_month", 3)}
    exam_to_kind = {args[1].number: args[0].name for args in kb.facts_of("ordinary_exam_month", 2)}
    kinds = {reg.period.kind for reg in student.record.course_registrations if reg.course == course}
    exams = sorted(e.term for e in student.record.exams if e.course == course)
    if not kinds and exams and exams[0].month in exam_to_kind:
        kinds = {exam_to_kind[exams[0].month]}
    return {by_kind[k] for k in kinds if k in by_kind}


def _term(when: str, engine: Engine, student: Student, course: str) -> Term:
    m = re.search(r"\b(\d{4})-(\d{1,2})\b", when)
    if m and 1 <= int(m.group(2)) <= 12:
        return Term(int(m.group(1)), int(m.group(2)))
    words = re.findall(r"[a-z]+", when)
    year = re.search(r"\b(\d{4})\b", when)
    if year is None:
        raise WhatIfError(f"which exam term? give it as YYYY-MM (e.g. 2025-08); got {when!r}")
    for w in words:
        if w in MONTHS:
            return Term(int(year.group(1)), MONTHS[w])
    if _REEXAM.search(when):
        months = _reexam_months(engine, student, course)
        if len(months) == 1:
            return Term(int(year.group(1)), months.pop())
        raise WhatIfError(f"cannot tell the re-exam term of {course} for {student.id} from its teaching "
                          f"period; give the term as YYYY-MM (e.g. {year.group(1)}-08)")
    raise WhatIfError(f"which exam term in {year.group(1)}? give it as YYYY-MM (e.g. {year.group(1)}-05)")


def parse_change(text: str, students: dict[str, Student], current: str | None, engine: Engine) -> Change:
    """'s1001 passes 10102 with 7 in the 2025 re-exam' -> Change (or WhatIfError saying how to phrase it)."""
    low = " ".join(text.lower().rstrip("?!. ").split())
    low = re.sub(r"\b(s\d+)'?s\b", r"\1", low)
    m = _CHANGE.match(low)
    if not m:
        raise WhatIfError(USAGE)
    sid = m.group("s") if m.group("s") in students else None
    if m.group("s") and sid is None and re.fullmatch(r"s\d+", m.group("s")):
        raise WhatIfError(f"unknown student {m.group('s')!r}")
    sid = sid or current
    if sid is None:
        raise WhatIfError("which student? e.g. what if s1001 passes 10102 with 7 in 2025-08")
    verb, grade = m.group("verb"), m.group("g2") or m.group("g1")
    if verb not in _VERBS_PASS + _VERBS_FAIL + _VERBS_GET:
        raise WhatIfError(USAGE)
    if grade is None:
        if verb in _VERBS_GET:
            raise WhatIfError("which grade? e.g. what if s1001 gets 7 in 10102 in 2025-08")
        result: int | str = "pass" if verb in _VERBS_PASS else "fail"
    else:
        try:
            result = parse_result(grade)
        except ValueError as err:
            raise WhatIfError(str(err)) from None
    if verb in _VERBS_PASS and isinstance(result, int) and result < 2:
        raise WhatIfError(f"a pass needs 02 or higher; got {grade}")
    if verb in _VERBS_FAIL and (result == "pass" or (isinstance(result, int) and result >= 2)):
        raise WhatIfError(f"a fail is -3 or 00 (or fail); got {grade}")
    course = m.group("c")
    if m.group("when") is None:
        raise WhatIfError("in which exam term? e.g. ... in 2025-08, or ... in the 2025 re-exam")
    return Change(sid, course, _term(m.group("when"), engine, students[sid], course), result, text)


def apply_change(student: Student, change: Change, courses: Collection[str] | None) -> Student:
    """A validated copy of the student with the result recorded (the file is never touched)."""
    data: dict[str, Any] = student.record.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    exams: list[dict[str, Any]] = list(data.get("exams", []))
    for exam in exams:
        if exam["course"] == change.course and exam["term"] == str(change.term):
            exam["result"] = change.result
            exam.pop("withdrawn", None)
            break
    else:
        exams.append({"course": change.course, "term": str(change.term), "result": change.result})
    data["exams"] = exams
    try:
        return student_from_data(data, f"{student.file} (what if)", courses)
    except FactsError as err:
        raise WhatIfError("the change makes the record invalid: "
                          + "; ".join(p.message for p in err.problems)) from None


@dataclass(frozen=True)
class Diff:
    """Public conclusions gained and lost by a change."""

    added: tuple[str, ...]
    removed: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)


def diff(before: Evaluation, after: Evaluation) -> Diff:
    old = {str(c) for c in before.conclusions()}
    new = {str(c) for c in after.conclusions()}
    return Diff(tuple(sorted(new - old)), tuple(sorted(old - new)))


def what_if(engine: Engine, student: Student, change: Change, on: Any) -> tuple[Student, Diff]:
    """Apply a change to a copy and compare the public conclusions before and after."""
    changed = apply_change(student, change, engine.courses)
    return changed, diff(engine.evaluate(student, on), engine.evaluate(changed, on))
