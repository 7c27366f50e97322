"""Tests as data: tests/scenarios/**/*.yaml, each a student, a date and the conclusions expected.

A scenario file is one case, or shared fields plus `cases:`. A case:

    name: EM counts as an attempt
    rules: [exam_attempts.attempt.counts]          # the rule ids it exercises
    on: 2024-01-10                        # evaluation date (required: tests never read the clock)
    student: {id: t1, programme: ..., admitted: ..., exams: [...]}   # a whole student record
    extends: s1001                        # ... or a bundled student (kb/facts/students/s1001.yaml)
    facts: {exams: [...]}                 # changes: lists are appended, other fields replaced
    expect:
      holds: ['attempts_used(S, "10036", 1)']     # S stands for the student's id
      # an ISO date in an atom (complaint_deadline(S, "10122", term(2023,12), 2024-01-12)) is a day number
      not_holds: ['attempts_exhausted(S, "10036")']
      fired: [exam_attempts.attempt.counts]                # rules that must have fired
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import clingo
from clingo import Function, String, Symbol

from ..core.engine import Engine, Evaluation
from ..core.students import FactsError, Student, student_from_data
from ..core.values import day_number, parse_date
from ..core.yamlsource import load_yaml
from ..paths import STUDENTS_DIR

_PLACEHOLDER = "student__placeholder"
_CASE_KEYS = {"name", "rules", "on", "student", "extends", "facts", "expect", "cases", "note"}


class ScenarioError(Exception):
    """A scenario file that cannot be run as written."""


@dataclass
class Case:
    file: Path
    name: str
    rules: list[str]
    on: dt.date
    student: Student
    holds: list[str] = field(default_factory=list)
    not_holds: list[str] = field(default_factory=list)
    fired: list[str] = field(default_factory=list)
    line: int = 1


@dataclass
class Outcome:
    case: Case
    failures: list[str]
    evaluation: Evaluation | None = None

    @property
    def passed(self) -> bool:
        return not self.failures


def merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """Apply scenario changes to a student record: lists are appended, other fields replaced."""
    out = copy.deepcopy(base)
    for key, value in changes.items():
        if isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = out[key] + copy.deepcopy(value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def parse_atom(text: str, student_id: str) -> Symbol:
    """'attempts_used(S, "10036", 1)' -> a symbol, S replaced by the student's id."""
    replaced = re.sub(r"(?<![\w\"])S(?![\w\"])", _PLACEHOLDER, text)
    # an ISO date (2024-01-12) stands for its day number, as the KB stores dates
    replaced = re.sub(r"(?<![\w\"-])(\d{4}-\d{2}-\d{2})(?![\w\"])",
                      lambda m: str(day_number(parse_date(m.group(1)))), replaced)
    try:
        sym = clingo.parse_term(replaced)
    except RuntimeError as err:
        raise ScenarioError(f"cannot read atom {text!r}: {err}") from None
    return _substitute(sym, String(student_id))


def _substitute(sym: Symbol, student: Symbol) -> Symbol:
    if sym.type == clingo.SymbolType.Function:
        if sym.name == _PLACEHOLDER and not sym.arguments:
            return student
        return Function(sym.name, [_substitute(a, student) for a in sym.arguments], sym.positive)
    return sym


def _bundled(student_id: str) -> dict[str, Any]:
    path = STUDENTS_DIR / f"{student_id}.yaml"
    if not path.exists():
        raise ScenarioError(f"extends: no bundled student {student_id!r} ({path})")
    data = load_yaml(path).data
    if not isinstance(data, dict):
        raise ScenarioError(f"{path}: not a student record")
    return data


def load_cases(path: Path, courses: frozenset[str] | None = None) -> Iterator[Case]:
    """The cases of one scenario file, validated."""
    doc = load_yaml(path)
    top = doc.data
    if not isinstance(top, dict):
        raise ScenarioError(f"{path}: expected a mapping with name, on, student/extends, expect")
    unknown = set(top) - _CASE_KEYS
    if unknown:
        raise ScenarioError(f"{path}: unknown keys {sorted(unknown)}")
    raw_cases = top.get("cases") or [{}]
    for index, raw in enumerate(raw_cases):
        case_path: tuple[str | int, ...] = ("cases", index) if top.get("cases") else ()
        merged = {k: v for k, v in top.items() if k != "cases"}
        merged.update(raw)
        if "facts" in raw and "facts" in top:
            merged["facts"] = merge(top["facts"], raw["facts"])
        name = str(merged.get("name") or f"case {index + 1}")
        if "on" not in merged:
            raise ScenarioError(f"{path}: case {name!r} has no evaluation date `on`")
        on = parse_date(merged["on"])
        if "student" in merged:
            record = copy.deepcopy(merged["student"])
        elif "extends" in merged:
            record = _bundled(str(merged["extends"]))
        else:
            raise ScenarioError(f"{path}: case {name!r} needs `student` or `extends`")
        record.setdefault("id", "t" + re.sub(r"\W", "", path.stem)[:20])
        if "facts" in merged:
            record = merge(record, merged["facts"])
        try:
            student = student_from_data(record, f"{path} (case {name!r})", courses)
        except FactsError as err:
            raise ScenarioError(f"{path}: case {name!r}: bad student facts:\n{err}") from None
        expect = merged.get("expect") or {}
        yield Case(path, name, list(merged.get("rules") or []), on, student,
                   [str(a) for a in expect.get("holds", [])],
                   [str(a) for a in expect.get("not_holds", [])],
                   [str(r) for r in expect.get("fired", [])],
                   doc.line_of(case_path))


def run_case(case: Case, engine: Engine) -> Outcome:
    """Evaluate a case and compare with what it expects."""
    failures: list[str] = []
    unknown_rules = [r for r in case.rules + case.fired if r not in engine.kb.rules]
    if unknown_rules:
        failures.append(f"names rule ids the KB does not have: {unknown_rules}")
    if not (case.holds or case.not_holds or case.fired):
        failures.append("expects nothing: give expect.holds, expect.not_holds or expect.fired")
    ev = engine.evaluate(case.student, case.on)
    for text in case.holds:
        if not ev.holds(parse_atom(text, case.student.id)):
            similar = [str(a) for a in ev.find(text.split("(")[0].strip())][:6]
            failures.append(f"expected to hold: {text}" + (f"  (found: {', '.join(similar)})"
                                                             if similar else "  (no such atoms)"))
    for text in case.not_holds:
        if ev.holds(parse_atom(text, case.student.id)):
            failures.append(f"expected NOT to hold: {text}")
    fired = set(ev.rules_fired())
    for rule_id in case.fired:
        if rule_id not in fired:
            failures.append(f"expected rule {rule_id} to fire")
    return Outcome(case, failures, ev)


def scenario_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.yaml") if p.is_file())
