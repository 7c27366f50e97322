"""The predicate dependency graph of the rules: which predicates a body depends on, and the
strongly connected components (used by the static split and by lint's stratification check)."""

from __future__ import annotations

import sys
from typing import Any

from clingo import ast

Pred = tuple[str, int]


def atom_pred(atom: Any) -> Pred | None:
    if atom.ast_type != ast.ASTType.SymbolicAtom:
        return None
    term = atom.symbol
    if term.ast_type == ast.ASTType.Function:
        return (term.name, len(term.arguments))
    if term.ast_type == ast.ASTType.SymbolicTerm and term.symbol.type.name == "Function":
        return (term.symbol.name, len(term.symbol.arguments))
    return None


def body_dependencies(lit: Any, out: list[tuple[Pred, bool]], strict: bool = False) -> None:
    """(predicate, needs-strict-stratum) pairs a body element depends on."""
    t = lit.ast_type
    if t == ast.ASTType.Literal:
        if lit.atom.ast_type == ast.ASTType.BodyAggregate:
            for elem in lit.atom.elements:
                for cond in elem.condition:
                    body_dependencies(cond, out, True)
            return
        pred = atom_pred(lit.atom)
        if pred is not None:
            out.append((pred, strict or lit.sign != ast.Sign.NoSign))
    elif t == ast.ASTType.ConditionalLiteral:
        body_dependencies(lit.literal, out, True)
        for cond in lit.condition:
            body_dependencies(cond, out, True)


def sccs(graph: dict[Pred, set[Pred]]) -> list[set[Pred]]:
    """Tarjan's strongly connected components."""
    index: dict[Pred, int] = {}
    low: dict[Pred, int] = {}
    stack: list[Pred] = []
    on_stack: set[Pred] = set()
    result: list[set[Pred]] = []
    counter = [0]

    def visit(v: Pred) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.add(w)
                if w == v:
                    break
            result.append(comp)

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10000))
    try:
        for v in list(graph):
            if v not in index:
                visit(v)
    finally:
        sys.setrecursionlimit(limit)
    return result
