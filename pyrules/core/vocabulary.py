"""The public vocabulary: the conclusions pyrules answers, declared once in kb/vocabulary/*.lp.

Each `%@public name(Arg, ...): meaning` line declares a predicate; the argument names give the
Python type of each value (S student, C course, D... a date, E... ECTS, T term, N... a count,
G a grade, R a result, K a project, Sem a semester, P a period; anything else a plain value).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from clingo import Symbol, SymbolType

from .kb import KnowledgeBase
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
    def arity(self) -> int:
        return len(self.args)

    @property
    def signature(self) -> str:
        return f"{self.name}({', '.join(self.args)})" if self.args else self.name


def arg_kind(name: str) -> str:
    if name == "S":
        return "student"
    if name == "C" or name.startswith("Course"):
        return "course"
    if name.startswith("D") or name.endswith("Date") or name in ("From", "To", "Start", "Deadline"):
        return "date"
    if name.startswith("E") and not name.startswith("Ex"):
        return "ects"
    if name == "T" or name.startswith("Term"):
        return "term"
    if name.startswith("Sem"):
        return "semester"
    if name == "P" or name.startswith("Period"):
        return "period"
    if name.startswith("N"):
        return "count"
    if name == "G" or name.startswith("Grade"):
        return "grade"
    if name == "R" or name.startswith("Result"):
        return "result"
    if name == "K" or name.startswith("Project"):
        return "project"
    return "value"


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
