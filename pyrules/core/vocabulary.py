"""The public vocabulary: the conclusions pyrules answers, declared once in kb/vocabulary/*.lp.

Each `%@public name(Arg, ...): meaning` line declares a predicate; the argument names give the
Python type of each value (S student, C course, D... a date, E... ECTS, T term, N... a count,
G a grade, R a result, K a project, Sem a semester, P a period; anything else a plain value):
the table ARG_KINDS below, the one place that reads kinds from names.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from clingo import Symbol, SymbolType

from .kb import KnowledgeBase
from .text import Text
from .values import Period, Semester, Term, from_day_number

_SIGNATURE = re.compile(r"^([a-z][a-z0-9_]*)\(([^)]*)\)\s*:\s*(.+)$|^([a-z][a-z0-9_]*)\s*:\s*(.+)$")


@dataclass(frozen=True)
class Predicate:
    name: str
    args: tuple[str, ...]
    meaning: str
    meaning_da: str
    file: str = field(default="", compare=False)  # where the %@public line is
    line: int = field(default=0, compare=False)

    @property
    def text(self) -> Text:
        """The meaning in English and Danish (%@public and its %@da)."""
        return Text(self.meaning, self.meaning_da)

    @property
    def arity(self) -> int:
        return len(self.args)

    @property
    def signature(self) -> str:
        return f"{self.name}({', '.join(self.args)})" if self.args else self.name


@dataclass(frozen=True)
class KindRule:
    """How an argument (or parameter) name shows the kind of its values: exact names, prefixes,
    suffixes or parts of the name, and prefixes that exclude it."""

    kind: str
    exact: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    contains: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()  # prefixes that do not count (Ex... is not an ECTS amount)

    def matches(self, name: str) -> bool:
        if name.startswith(self.unless) and self.unless:
            return False
        return name in self.exact or (bool(self.prefixes) and name.startswith(self.prefixes)) or \
            (bool(self.suffixes) and name.endswith(self.suffixes)) or any(c in name for c in self.contains)


# The kinds of values, declared once: the argument names of `%@public`/`%@input` signatures and of
# rule variables (first match wins; anything else is a plain value) ...
ARG_KINDS: tuple[KindRule, ...] = (
    KindRule("student", exact=("S",)),
    KindRule("course", exact=("C",), prefixes=("Course",)),
    KindRule("count", exact=("Days",)),
    KindRule("date", exact=("From", "To", "Start", "Deadline"), prefixes=("D",), suffixes=("Date",)),
    KindRule("ects", prefixes=("E",), unless=("Ex",)),
    KindRule("term", exact=("T",), prefixes=("Term",)),
    KindRule("semester", prefixes=("Sem",)),
    KindRule("period", exact=("P",), prefixes=("Period",)),
    KindRule("count", prefixes=("N",)),
    KindRule("grade", exact=("G",), prefixes=("Grade",)),
    KindRule("result", exact=("R",), prefixes=("Result",)),
    KindRule("project", exact=("K",), prefixes=("Project",)),
)
# ... and the names of the KB's parameters (credit_min_dtu_ects: ECTS; anything else a count).
PARAMETER_KINDS: tuple[KindRule, ...] = (
    KindRule("ects", suffixes=("_cap",), contains=("ects",)),
    KindRule("grade", contains=("grade",)),
    KindRule("date", suffixes=("_date", "_deadline")),
)


def arg_kind(name: str) -> str:
    """The kind of an argument or variable name (ARG_KINDS)."""
    return next((r.kind for r in ARG_KINDS if r.matches(name)), "value")


# A column of an answer table, named by the kind of its argument.
KIND_HEADERS: dict[str, Text] = {
    "student": Text("student", "studerende"), "course": Text("course", "kursus"),
    "date": Text("date", "dato"), "ects": Text("ECTS", "ECTS"), "term": Text("term", "termin"),
    "semester": Text("semester", "semester"), "period": Text("period", "periode"),
    "count": Text("number", "antal"), "grade": Text("grade", "karakter"),
    "result": Text("result", "resultat"), "project": Text("project", "projekt"),
}


def column_header(arg: str) -> Text:
    """The header of an answer column for a predicate argument (S -> student / studerende); an
    argument of no known kind keeps its name in words (Group -> group)."""
    kind = arg_kind(arg)
    if kind in KIND_HEADERS:
        return KIND_HEADERS[kind]
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", arg).lower()
    return Text.same(words)


def parameter_kind(name: str) -> str:
    """The kind of a parameter's value, from its name (PARAMETER_KINDS)."""
    return next((r.kind for r in PARAMETER_KINDS if r.matches(name)), "count")


def to_python(sym: Symbol, kind: str) -> Any:
    """A clingo value as the Python value its kind promises."""
    if kind == "date" and sym.type == SymbolType.Number:
        return from_day_number(sym.number)
    if kind == "ects" and sym.type == SymbolType.Number:
        return Decimal(sym.number) / 10
    if kind in ("count", "grade") and sym.type == SymbolType.Number:
        return sym.number
    if kind == "term" and sym.type == SymbolType.Function and sym.name == "term":
        return Term(sym.arguments[0].number, sym.arguments[1].number)
    if kind == "semester" and sym.type == SymbolType.Function and sym.name == "sem":
        return Semester(sym.arguments[0].number, sym.arguments[1].name)
    if kind == "period" and sym.type == SymbolType.Function and sym.name == "period":
        return Period(sym.arguments[0].number, sym.arguments[1].name)
    return plain(sym)


def plain(sym: Symbol) -> Any:
    """A symbol as plain Python: numbers, strings, names, and (name, args) for compound terms."""
    if sym.type == SymbolType.Number:
        return sym.number
    if sym.type == SymbolType.String:
        return sym.string
    if sym.type == SymbolType.Function and not sym.arguments:
        return sym.name
    if sym.type == SymbolType.Function:
        return (sym.name, *[plain(a) for a in sym.arguments])
    return str(sym)


def render(value: Any) -> str:
    """A Python value as a person reads it."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, tuple):
        name, *args = value
        return f"{name}({', '.join(render(a) for a in args)})" if name else \
            f"({', '.join(render(a) for a in args)})"
    return str(value)


def public_predicates(kb: KnowledgeBase) -> dict[tuple[str, int], Predicate]:
    """Every `%@public` declaration of the KB, keyed by (name, arity)."""
    out: dict[tuple[str, int], Predicate] = {}
    for f in kb.files:
        for block in f.blocks:
            for decl in block.all("public"):
                m = _SIGNATURE.match(decl.strip())
                if not m:
                    raise ValueError(f"{f.path}:{block.line}: cannot read %@public {decl!r}")
                if m.group(1):
                    name, args, meaning = m.group(1), m.group(2), m.group(3)
                    arg_names = tuple(a.strip() for a in args.split(",") if a.strip())
                else:
                    name, arg_names, meaning = m.group(4), (), m.group(5)
                pred = Predicate(name, arg_names, meaning.strip(), block.get("da") or "",
                                 str(f.path), block.line)
                out[(name, pred.arity)] = pred
    return out
