"""The student-independent part of the KB, evaluated once per engine instead of once per student.

A predicate is static when none of its rules depends, directly or through other predicates, on an
input declared in kb/inputs.lp (the student's facts and today's date). The decision rules are
stratified, so the static predicates have the same extension in every student's answer set: the
engine solves them once, and feeds each student's Control their atoms as facts, together with the
provenance of the static rules that fired.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import clingo
from clingo import Symbol, ast

from .calendar import Context
from .graph import body_dependencies
from .kb import BODY_PREFIX, FIRED, KnowledgeBase

Pred = tuple[str, int]


def input_predicates(kb: KnowledgeBase) -> set[Pred]:
    """The predicates kb/inputs.lp declares with #defined."""
    out: set[Pred] = set()
    for f in kb.files:
        if f.path.name == "inputs.lp":
            out |= {(s.name, s.arity) for s in f.statements if s.ast_type == ast.ASTType.Defined}
    return out


def dynamic_predicates(kb: KnowledgeBase) -> set[Pred]:
    """Inputs and every predicate with a rule that depends on one (a fixpoint)."""
    deps: dict[Pred, set[Pred]] = {}
    for f in kb.files:
        for stmt in f.statements:
            if stmt.ast_type != ast.ASTType.Rule or stmt.head.ast_type != ast.ASTType.Literal:
                continue
            atom = stmt.head.atom
            if atom.ast_type != ast.ASTType.SymbolicAtom:
                continue
            term = atom.symbol
            name = term.name if term.ast_type == ast.ASTType.Function else term.symbol.name
            arity = len(term.arguments if term.ast_type == ast.ASTType.Function
                        else term.symbol.arguments)
            found: list[tuple[Pred, bool]] = []
            for lit in stmt.body:
                body_dependencies(lit, found)
            deps.setdefault((name, arity), set()).update(p for p, _ in found)
    dynamic = input_predicates(kb)
    changed = True
    while changed:
        changed = False
        for head, body in deps.items():
            if head not in dynamic and body & dynamic:
                dynamic.add(head)
                changed = True
    return dynamic


@dataclass(frozen=True)
class StaticPart:
    """The statements left to ground per student, and the static atoms and firings."""

    dynamic_statements: tuple[Any, ...]
    facts: tuple[Any, ...]              # AST fact statements of the static atoms
    firings: tuple[Symbol, ...]         # the static rules' _fired atoms
    dynamic: frozenset[Pred] = frozenset()  # the predicates left to each student's Control
    atoms: tuple[Symbol, ...] = ()      # the static atoms (parallel to `facts`)


def split(kb: KnowledgeBase, fact_statement: Any) -> StaticPart:
    """Solve the static statements once; keep the dynamic ones for each student."""
    dynamic = dynamic_predicates(kb)
    static_stmts, dynamic_stmts = [], []
    for stmt, origin in zip(kb.statements, kb.origins, strict=True):
        if origin is not None and origin not in dynamic:
            static_stmts.append(stmt)
        else:
            dynamic_stmts.append(stmt)
    ctl = clingo.Control(["--warn=none"])
    with ast.ProgramBuilder(ctl) as builder:
        for stmt in static_stmts:
            builder.add(stmt)
    ctl.ground([("base", [])], context=Context())
    models: list[list[Symbol]] = []
    ctl.solve(on_model=lambda m: models.append(list(m.symbols(atoms=True))))
    atoms = models[0] if models else []
    kept = tuple(a for a in atoms if a.name != FIRED and not a.name.startswith(BODY_PREFIX))
    firings = tuple(a for a in atoms if a.name == FIRED)
    return StaticPart(tuple(dynamic_stmts), tuple(fact_statement(a) for a in kept), firings,
                      frozenset(dynamic), kept)
