"""A question session: loaded students, the current student and date, the last answer, what-if changes."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from clingo import Symbol

from ..core.engine import Engine
from ..core.students import FactsError, Problem, Student, duplicate_ids, load_student, student_files
from ..core.text import Text
from ..core.vocabulary import column_header
from ..explain import Step, WhyNot, explain_why, explain_why_not, render
from .answers import Answer, answer
from .kinds import KINDS
from .questions import Question, parse
from .raw import raw_query
from .replies import Reply
from .whatif import WhatIfError, parse_change, what_if


class NothingToExplain(ValueError):
    """Why / why not asked of an answer with nothing of that kind to explain; worded in both languages."""

    def __init__(self, text: Text):
        super().__init__(text.en)
        self.text = text


_NOT_A_NO = Text("the last answer was not a 'no' to a yes/no question; try 'why'",
                 "det sidste svar var ikke et 'nej' til et ja/nej-spørgsmål; prøv 'hvorfor'")
_NOT_YES_NO = Text("why not works for yes/no questions (e.g. is 62041 binding for s2003?)",
                   "hvorfor ikke virker for ja/nej-spørgsmål (f.eks. er 62041 bindende for s2003?)")
_NOTHING = Text("nothing was concluded, so there is nothing to explain; try 'why not'",
                "intet blev konkluderet, så der er intet at forklare; prøv 'hvorfor ikke'")
_ASK_FIRST = Text("ask a question first; why / why not explain the last answer",
                  "stil et spørgsmål først; hvorfor / hvorfor ikke forklarer det sidste svar")


def explain_answer(a: Answer, negative: bool | None, engine: Engine) -> list[Step | WhyNot | Text]:
    """Why (or why not, for a no) of an answer: one explanation per conclusion (at most five), or a
    sentence for an input fact.

    negative None: why for a yes, why not for a no. Raises ValueError when there is nothing to explain.
    """
    if negative is None:
        negative = not a.atoms
    targets: list[Symbol]
    if negative:
        targets = [t for t in a.asked if not any(ev.holds(t) for ev in a.evaluations)]
        if not targets:
            raise NothingToExplain(_NOT_A_NO if a.holds else _NOT_YES_NO)
    else:
        targets = list(a.atoms[:5])
        if not targets:
            raise NothingToExplain(_NOTHING)
    parts: list[Step | WhyNot | Text] = []
    for atom in targets:
        ev = a.evaluation_of(atom)
        if ev is None:
            continue
        obj = explain_why_not(ev, atom, engine.kb) if negative else explain_why(ev, atom, engine.kb)
        parts.append(obj if obj is not None else
                     Text(f"{atom}: an input fact, not concluded by a rule",
                          f"{atom}: et inputfaktum, ikke konkluderet af en regel"))
    return parts


def explanations(a: Answer, negative: bool | None, lang: str, fmt: str, engine: Engine) -> list[str]:
    """Why (or why not, for a no) of an answer, rendered in a language and format (explain_answer)."""
    return [p.get(lang) if isinstance(p, Text) else render(p, lang=lang, fmt=fmt)
            for p in explain_answer(a, negative, engine)]


def load_students(paths: Iterable[Path], courses: Any = None) -> tuple[dict[str, Student], list[Problem]]:
    """Every student file under the paths; files that fail validation become problems (file:line).

    Two files with the same id are both left out, each a problem naming the other."""
    loaded: list[Student] = []
    problems: list[Problem] = []
    for path in paths:
        files = student_files(path) if path.is_dir() else [path]
        for f in files:
            try:
                loaded.append(load_student(f, courses))
            except FactsError as err:
                problems += err.problems
    duplicates = duplicate_ids((s.file, s.id) for s in loaded)
    for s in loaded:
        problems += duplicates.get(s.file, [])
    students = {s.id: s for s in loaded if s.file not in duplicates}
    return students, problems


class Session:
    """Answers lines of text about a set of students; what-if changes live in memory only."""

    def __init__(self, engine: Engine, students: dict[str, Student], on: dt.date | None = None,
                 lang: str = "en"):
        self.engine = engine
        self.originals = dict(students)
        self.students = dict(students)
        self.on = on
        self.lang = lang
        self.current: str | None = None
        self.last: Answer | None = None
        self.history: list[tuple[str, Student, str]] = []

    @property
    def date(self) -> dt.date:
        return self.on or dt.date.today()

    def use(self, sid: str) -> Reply:
        sid = sid.strip()
        if sid not in self.students:
            near = difflib.get_close_matches(sid, list(self.students), n=3)
            return Reply(f"unknown student {sid!r}" + (f"; did you mean {', '.join(near)}?" if near else
                                                       "; type 'students' to list them"), "error")
        self.current = sid
        s = self.students[sid]
        return Reply(f"current student: {sid} ({s.record.name or 'no name'}, {s.record.programme}, "
                     f"admitted {s.record.admitted})")

    def handle(self, line: str) -> Reply:
        """Answer one line: a question, why / why not, as of, what if, undo, reset or a raw query."""
        q = self.parse(line)
        if q.kind in ("why", "why_not"):
            return self.why(q.kind == "why_not", q.lang)
        if q.kind == "as_of":
            if q.error or q.on is None:
                return Reply(q.error or "as of which date?", "error")
            self.on = q.on
            return Reply(f"evaluation date: {q.on}" if q.lang == "en" else f"evalueringsdato: {q.on}")
        if q.kind == "what_if":
            return self.what_if(q)
        if q.kind == "undo":
            return self.undo()
        if q.kind == "reset":
            return self.reset()
        if q.kind == "raw":
            return self.raw(q.rest)
        return self.answer(q)

    def parse(self, line: str) -> Question:
        return parse(line, self.students, self.engine.courses, self.current)

    def raw(self, text: str) -> Reply:
        """A raw query (`? attempts_left(s1002, C, N)`); the student it names becomes the current one."""
        reply = raw_query(self.engine, self.students, text, self.current, self.date)
        if reply.student is not None:
            self.current = reply.student
        return reply

    def answer(self, q: Question) -> Reply:
        """Answer a parsed question (not a command) about its student, or the current one."""
        if q.student and q.student in self.students and not q.error:
            self.current = q.student
        student = self.students.get(q.student or "")
        a = answer(self.engine, student, q, q.on or self.date)
        if a.status == "invalid":
            return Reply(a.text(self.lang if q.kind == "invalid" else None), "error", a)
        self.last = a
        style = "info" if a.status in ("not_modelled", "not_applicable") else ("ok" if a.holds else "no")
        headers, rows = _table(a)
        return Reply(a.text(), style, a, headers, rows)

    def why(self, negative: bool, lang: str) -> Reply:
        a = self.last
        if a is None:
            return Reply(_ASK_FIRST.get(lang or self.lang), "error")
        try:
            parts = explanations(a, negative, lang or self.lang, "text", self.engine)
        except NothingToExplain as err:
            return Reply(err.text.get(lang or self.lang), "error")
        extra = len(a.atoms) - 5
        more = Text(f"\n(and {extra} more conclusions)", f"\n(og {extra} konklusioner mere)").get(
            lang or self.lang) if not negative and extra > 0 else ""
        return Reply("\n\n".join(parts) + more, "info")

    def what_if(self, q: Question) -> Reply:
        try:
            change = parse_change(q.rest, self.students, self.current, self.engine)
            before = self.students[change.student or ""]
            changed, d = what_if(self.engine, before, change, self.date)
        except WhatIfError as err:
            return Reply(str(err), "error")
        self.students[changed.id] = changed
        self.current = changed.id
        self.history.append((changed.id, before, change.describe(q.lang)))
        head = Text("What if {w} (in memory only; the file is unchanged), as of {on}:",
                    "Hvad hvis {w} (kun i hukommelsen, filen ændres ikke), pr. {on}:").get(q.lang).format(
            w=change.describe(q.lang), on=self.date)
        rows = tuple(("+", a) for a in d.added) + tuple(("-", r) for r in d.removed)
        body = "\n".join(f"  {sign} {text}" for sign, text in rows) or Text(
            "  no public conclusion changes", "  ingen ændringer i konklusionerne").get(q.lang)
        return Reply(f"{head}\n{body}\n(undo / reset to go back)", "diff", headers=("", "conclusion"),
                     rows=rows)

    def undo(self) -> Reply:
        if not self.history:
            return Reply("nothing to undo", "info")
        sid, before, what = self.history.pop()
        self.students[sid] = before
        return Reply(f"undone: {what}")

    def reset(self) -> Reply:
        n = len(self.history)
        self.students = dict(self.originals)
        self.history.clear()
        return Reply(f"reset: {n} hypothetical change(s) dropped; every student as in the files")

    def examples(self, lang: str = "en") -> list[tuple[str, str]]:
        """(kind title, example question) for every question kind."""
        sid = self.current or (sorted(self.students)[0] if self.students else "s1001")
        out = []
        for k in KINDS:
            ex = k.examples_in(lang)[0]
            out.append((k.title.get(lang),
                        ex.format(s=sid, c="10036", d="2025-02-01", d2="2025-07-31")))
        return out


def _table(a: Answer) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """A table for answers with many rows of one predicate (e.g. attempts left in every course),
    its columns headed in the answer's language."""
    if len(a.rows) < 4 or len({r[0] for r in a.rows}) != 1:
        return (), ()
    name = a.rows[0][0]
    pred = a.evaluations[0].vocabulary.get((name, len(a.rows[0]) - 1)) if a.evaluations else None
    lang = a.question.lang
    headers = tuple(column_header(x).get(lang) for x in pred.args) if pred else \
        tuple(f"#{i}" for i in range(len(a.rows[0]) - 1))
    return headers, tuple(r[1:] for r in a.rows)

