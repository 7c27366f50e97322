"""Answering a parsed Question: which atoms to read, which hypothetical inputs to add, what to say."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from clingo import Function, String, Symbol

from ..core.engine import STUDENT, Conclusion, Engine, Evaluation
from ..core.students import Student
from ..core.text import Text
from ..core.values import GRADE_TEXT, day_number
from ..core.vocabulary import Predicate, arg_kind, render
from ..explain.render_values import value_text
from .kinds import BY_NAME, Kind
from .questions import Question


@dataclass(frozen=True)
class Answer:
    """The answer to one question about one student: texts in both languages and the atoms behind it."""

    question: Question
    student: str
    on: dt.date
    texts: Text
    atoms: tuple[Symbol, ...] = ()
    holds: bool = False
    rules: tuple[str, ...] = ()
    status: str = "answered"  # answered | not_applicable | not_modelled | invalid
    rows: tuple[tuple[str, ...], ...] = ()
    asked: tuple[Symbol, ...] = field(default=(), compare=False)  # the atoms a yes/no question asked about
    evaluations: tuple[Evaluation, ...] = field(default=(), compare=False, repr=False)

    def text(self, lang: str | None = None) -> str:
        return self.texts.get(lang or self.question.lang)

    def evaluation_of(self, atom: Symbol) -> Evaluation | None:
        """The evaluation an atom of this answer comes from (a leave question may run several)."""
        for ev in self.evaluations:
            if ev.holds(atom):
                return ev
        for ev in self.evaluations:
            if atom.name.startswith("leave_") and any(
                    (r.arguments[1], r.arguments[3]) == tuple(atom.arguments[1:3])
                    for r in ev.find("leave_request", 4)):
                return ev
        return self.evaluations[0] if self.evaluations else None

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """The answer as plain data (what `pyrules ask --json` prints)."""
        lang = lang or self.question.lang
        return {"student": self.student, "question": self.question.text, "kind": self.question.kind,
                "on": self.on.isoformat(), "lang": lang, "answer": self.text(lang), "holds": self.holds,
                "status": self.status, "conclusions": [str(c) for c in self.atoms],
                "rows": [list(r) for r in self.rows], "rules": list(self.rules)}


def render_value(value: object, predicate: str = "", position: int = 0) -> str:
    """A conclusion's value as a person reads it (grades on the 7-point scale, reasons in words)."""
    if predicate == "final_grade" and position == 2 and isinstance(value, int):
        return GRADE_TEXT.get(value, str(value))
    text = render(value)
    return text.replace("_", " ") if re.fullmatch(r"[a-z_]+", text) else text


def predicates_for(kind: Kind, engine: Engine) -> list[tuple[str, int]]:
    """The kind's predicates that the KB declares (the chapters may not have them yet)."""
    if kind.family:
        return sorted(p for p in engine.vocabulary if p[0].startswith(kind.main[0].rstrip("*")))
    return [p for p in kind.predicates if p in engine.vocabulary]


def kind_roots(kind: Kind, engine: Engine) -> list[tuple[str, int]]:
    """The predicates a kind's answer reads: its own and those that turn a yes into a no."""
    negated = [p for p in engine.vocabulary if p[0] in kind.negated_by]
    return sorted(set(predicates_for(kind, engine)) | set(negated))


def evaluation_options(kind: Kind, engine: Engine) -> dict[str, Any]:
    """How a question of this kind is evaluated: only its cone (core/program.py), without
    provenance except the `_fired` twins of its own predicates (the answer's `rules`), with the
    student under a fixed id (engine.STUDENT); why / why not re-evaluate with full provenance."""
    roots = kind_roots(kind, engine)
    return {"provenance": "none", "cone": engine.cone(roots), "heads": frozenset(roots),
            "as_id": STUDENT}


def not_modelled(kind: Kind) -> Text:
    names = ", ".join(f"{n}/{a}" for n, a in kind.predicates)
    return Text("Not modelled yet: the knowledge base has no rules for {0} ({1}).",
                "Ikke modelleret endnu: vidensbasen har ingen regler om {0} ({1}).").map(
        lambda t, lang: t.format(kind.title.get(lang), names))


def hypotheses(q: Question, student: Student, on: dt.date) -> tuple[list[list[Symbol]], Text]:
    """The hypothetical input atoms a question adds (one list per evaluation), and a note on them."""
    kind = BY_NAME.get(q.kind)
    if kind is None or kind.hypotheses is None or not q.dates:
        return [[]], Text()
    return kind.hypotheses(q, student.id, on)


def _matches(c: Conclusion, q: Question, kind: Kind, student: Student) -> bool:
    args = c.symbol.arguments
    if not args or args[0] != String(student.id):
        return False
    if kind.course and q.course and len(args) > 1 and args[1] != String(q.course):
        return False
    return not (kind.date_arg is not None and q.dates and len(args) > kind.date_arg
                and args[kind.date_arg].number != day_number(q.dates[0]))


def _line(c: Conclusion, kind: Kind, lang: str, pred: Predicate | None) -> str:
    """One conclusion in words: its kind's row template with its values worded in the language."""
    kinds = [arg_kind(a) for a in pred.args] if pred else ["value"] * len(c.values)
    vals = [value_text(a, k, lang) for a, k in zip(c.symbol.arguments, kinds, strict=False)]
    template = kind.rows.get(c.predicate) or kind.rows.get("*")
    if template is None:
        return pred.text.get(lang) if pred else str(c)
    meaning = pred.text.get(lang) if pred else c.predicate
    return template.get(lang).format(*vals, name=meaning, rest=", ".join(vals[1:]))


def _programme(programme: str) -> Text:
    """A programme's name in each language."""
    return Text.by(lambda lang: value_text(Function(programme), "value", lang))


def _asked(q: Question, kind: Kind, student: Student, runs: list[list[Symbol]]) -> list[Symbol]:
    """The ground atoms a yes/no question asks about (for why-not)."""
    S = String(student.id)
    name, arity = kind.main
    if kind.asked is not None:
        return kind.asked(S, runs)
    if not kind.yesno or arity == 0:
        return []
    if arity == 1:
        return [Function(name, [S])]
    if arity == 2 and kind.course and q.course:
        return [Function(name, [S, String(q.course)])]
    return []


def answer_question(engine: Engine, student: Any, q: Question, on: dt.date) -> Answer:
    """Answer one question about one student on a date (student: a pyrules.students.Student)."""
    sid = student.id if student is not None else (q.student or "")
    kind = BY_NAME.get(q.kind)
    if q.error or kind is None or student is None:
        msg = q.error or f"not a question about a student: {q.text!r}"
        if q.suggestion:
            msg += f" Did you mean: {q.suggestion!r}?"
        return Answer(q, sid, on, Text.same(msg), status="invalid")
    programme = student.record.programme
    if kind.programmes and programme not in kind.programmes:
        na = Text("Not applicable to {p}: {s} follows {p}; the rules on {t} are those of {ps}.",
                  "Ikke relevant for {p}: {s} følger {p}; reglerne om {t} gælder for {ps}.").map(
            lambda w, lang: w.format(s=sid, p=_programme(programme).get(lang), t=kind.title.get(lang),
                                     ps=" og ".join(_programme(p).get(lang) for p in kind.programmes)
                                     if lang == "da" else
                                     " and ".join(_programme(p).get(lang) for p in kind.programmes)))
        return Answer(q, sid, on, na, status="not_applicable")
    preds = predicates_for(kind, engine)
    if not preds or (kind.yesno and kind.main not in preds and not kind.family):
        return Answer(q, sid, on, not_modelled(kind), status="not_modelled")
    runs, note = hypotheses(q, student, on)
    found: list[tuple[Conclusion, Evaluation]] = []
    evaluations: list[Evaluation] = []
    for extra in runs:
        ev = engine.evaluate_cached(student, on, extra, **evaluation_options(kind, engine))
        evaluations.append(ev)
        for name, arity in preds:
            found += [(c, ev) for c in ev.conclusions(name) if len(c.values) == arity
                      and _matches(c, q, kind, student) and (kind.keep is None or kind.keep(c.symbol))]
    atoms = tuple(c.symbol for c, _ in found)
    main = [c for c, _ in found if c.predicate == kind.main[0]] if not kind.family else \
        [c for c, _ in found]
    holds = bool(main) and not any(c.predicate in kind.negated_by for c, _ in found)
    rules = sorted({r for c, e in found for r in e.rules_for(c.symbol)})
    single = kind.yesno and (not kind.course or q.course)
    detail = [c for c, _ in found if not single or c.predicate != kind.main[0] or kind.family]
    nothing = kind.none or Text("No {t} for {s}{w} as of {on}.", "Ingen {t} for {s}{w} pr. {on}.")
    where = Text(" in {c}", " i {c}").format(c=q.course) if q.course else Text()

    def worded(lang: str) -> str:
        lines: list[str] = []
        if single:
            lines.append((kind.yes if holds else kind.no).get(lang).format(s=sid, c=q.course or ""))
        lines += [_line(c, kind, lang, engine.vocabulary.get((c.predicate, len(c.values))))
                  for c in detail]
        if not lines:
            lines.append(nothing.get(lang).format(t=kind.title.get(lang), s=sid, w=where.get(lang), on=on))
        if note:
            lines.append(note.get(lang))
        return "\n".join(lines)

    rows = tuple((c.predicate, *(render_value(v, c.predicate, i) for i, v in enumerate(c.values)))
                 for c, _ in found)
    return Answer(q, sid, on, Text.by(worded), atoms, holds, tuple(rules), "answered", rows,
                  tuple(_asked(q, kind, student, runs)), tuple(evaluations))


def answer(engine: Engine, student_record: object, question: Question, on: dt.date) -> Answer:
    """Answer a question about one student (a pyrules.students.Student) on a date."""
    return answer_question(engine, student_record, question, on)
