"""The KB (clingo's AST, as pyrules/core/kb.py parses it) translated to tabled SWI-Prolog.

Nothing is written twice: every rule and static fact of kb/ becomes one Prolog clause per
unpooled clingo rule. Predicates derived from the student's facts are tabled; static predicates
(pyrules/core/static.py) are compiled under the name `p$s`, evaluated once when the program is
loaded and kept as plain facts `p`. See docs/prolog-engine.md for the fragment and examples.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clingo import ast

from ..graph import atom_pred, body_dependencies
from ..kb import KnowledgeBase
from ..static import dynamic_predicates, input_predicates
from . import terms
from .clause import Compiler, FragmentError, Names, compile_rule

Pred = tuple[str, int]
RUNTIME = Path(__file__).with_name("runtime.pl")
STATIC_SUFFIX = "$s"


@dataclass(frozen=True)
class Translation:
    text: str                       # the Prolog module `kb`
    inputs: tuple[Pred, ...]
    shown: tuple[Pred, ...]
    static: tuple[Pred, ...]        # static predicates materialised as facts at load time
    tabled: tuple[Pred, ...]
    clauses: int                    # Prolog clauses written (one per unpooled clingo rule)


def _where(kb: KnowledgeBase) -> dict[tuple[str, int], str]:
    out = {}
    for rule in kb.rules.values():
        for c in rule.clauses:
            out[(c.file, c.line)] = rule.id
    return out


def _label(where: dict[tuple[str, int], str], path: Path, stmt: Any) -> str:
    line = stmt.location.begin.line
    rid = where.get((str(path), line))
    return f"rule {rid}" if rid else f"{path.name}:{line}"


Problem = tuple[str, int, str, str]     # file, line, "rule ID" (or file:line), message


def _rules(kb: KnowledgeBase) -> tuple[list[tuple[str, str, str, Any]], list[Pred],
                                       list[Problem]]:
    """(file, label, rule id, unpooled rule), the #show signatures and the fragment errors."""
    where = _where(kb)
    rules: list[tuple[str, str, str, Any]] = []
    shown: list[Pred] = []
    errors: list[Problem] = []
    for f in kb.files:
        for stmt in f.statements:
            t = stmt.ast_type
            if t in (ast.ASTType.Comment, ast.ASTType.Defined):
                continue
            label = _label(where, f.path, stmt)
            if t == ast.ASTType.ShowSignature:
                if stmt.positive:
                    shown.append((stmt.name, stmt.arity))
                continue
            if t != ast.ASTType.Rule:
                errors.append((str(f.path), stmt.location.begin.line, label,
                               f"statement {t.name} is outside the fragment"))
                continue
            rid = where.get((str(f.path), stmt.location.begin.line), "")
            for part in stmt.unpool():
                rules.append((str(f.path), label, rid, part))
    return rules, shown, errors


def fragment_errors(kb: KnowledgeBase) -> list[Problem]:
    """(file, line, rule, message) for every construct the translation does not support."""
    try:
        translate(kb)
    except TranslationError as err:
        return err.problems
    return []


class TranslationError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(f"{w}: {m}" for _f, _l, w, m in problems))
        self.problems = problems


def _decl(kind: str, preds: set[Pred]) -> list[str]:
    return [f":- {kind} {terms.quote(n)}/{a}." for n, a in sorted(preds)]


def translate(kb: KnowledgeBase) -> Translation:
    rules, shown, errors = _rules(kb)
    inputs = input_predicates(kb)
    dynamic = dynamic_predicates(kb)
    defined: set[Pred] = set()
    referenced: set[Pred] = set()
    for _file, _label, _rid, stmt in rules:
        if stmt.head.ast_type == ast.ASTType.Literal:
            pred = atom_pred(stmt.head.atom)
            if pred is not None:
                defined.add(pred)
        found: list[tuple[Pred, bool]] = []
        for lit in stmt.body:
            body_dependencies(lit, found)
        referenced |= {p for p, _ in found}
    static = defined - dynamic
    tabled_dynamic = defined & dynamic
    for pred in sorted(defined & inputs):
        errors.append(("kb/inputs.lp", 1, f"{pred[0]}/{pred[1]}",
                       "an input predicate may not be defined by the KB"))

    def static_name(p: Pred) -> str:
        return p[0] + STATIC_SUFFIX if p in static else p[0]

    static_compiler = Compiler(Names(static_name, lambda p: p in static))
    dynamic_compiler = Compiler(Names(lambda p: p[0], lambda p: p in tabled_dynamic))
    clauses: list[str] = []
    fired: list[str] = []           # pr_fired(Id) :- Body: the rule's body holds for some binding
    static_fired: list[str] = []
    for file, label, rid, stmt in rules:
        head = stmt.head
        pred = atom_pred(head.atom) if head.ast_type == ast.ASTType.Literal else None
        compiler = static_compiler if pred in static else dynamic_compiler
        try:
            head, body, _ = compile_rule(stmt, compiler)
        except (FragmentError, ValueError) as err:
            errors.append((file, stmt.location.begin.line, label,
                           str(err)))
            continue
        clauses.append(f"{head}." if body == "true" else f"{head} :- {body}.")
        if rid:
            name = "pr_static_fired_if" if pred in static else "pr_fired_if"
            (static_fired if pred in static else fired).append(f"{name}({terms.quote(rid)}) :- {body}.")
    if errors:
        raise TranslationError(errors)
    plain = (inputs | static | referenced | set(shown)) - tabled_dynamic
    static_impl = {(n + STATIC_SUFFIX, a) for n, a in static}
    lines = [":- module(kb, []).", f":- use_module({terms.quote(str(RUNTIME))}).",
             ":- style_check(-singleton).",
             *_decl("dynamic", plain),
             *[d[:-1] + " as subsumptive." for d in _decl("table", tabled_dynamic | static_impl)],
             *_decl("discontiguous", tabled_dynamic | static_impl), *clauses,
             ":- dynamic pr_static_fired/1.", *fired, *static_fired]
    ids = sorted({rid for _f, _l, rid, stmt in rules if rid and atom_pred(stmt.head.atom) not in static})
    lines.append(f"pr_rule_ids([{','.join(terms.quote(i) for i in ids)}]).")
    for n, a in sorted(set(shown)):
        lines.append(f"pr_shown({terms.compound(n, ['_'] * a)}).")
    for n, a in sorted(inputs):
        lines.append(f"pr_input({terms.compound(n, ['_'] * a)}).")
    for n, a in sorted(static):
        args = [f"A{i}" for i in range(a)]
        lines.append(f"pr_static({terms.compound(n + STATIC_SUFFIX, args)},"
                     f"{terms.compound(n, args)}).")
    return Translation("\n".join(lines) + "\n", tuple(sorted(inputs)), tuple(sorted(set(shown))),
                       tuple(sorted(static)), tuple(sorted(tabled_dynamic | static_impl)),
                       len(clauses))
