"""The programs the engine grounds: the whole KB or a question's cone, with full, light or no provenance.

kb.py gives every labelled clause a provenance twin sharing its body (`__bodyN(V) :- Body.
Head :- __bodyN(V). _fired(...) :- __bodyN(V).`). Grounding those twins costs about half of an
evaluation, so only explanations pay for them:

- `full`: the twins as loaded (why / why not walk the `_fired` atoms);
- `light`: the shared body and the head, without `_fired`: a `__bodyN` atom in the model says
  that rule fired (body_names), for the one student in the Control, nothing more (batch
  `rules_fired`, scenarios' `fired:`);
- `none`: the clause as written.

A cone is the set of predicates some answer predicates depend on, positively or negatively (through
bodies, aggregates and conditions), from the same predicate graph the static split uses; the
statements of every other predicate are left out. The decision rules are stratified, so an atom of
the cone has the same truth value in the cone's program as in the whole KB's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from clingo import ast

from .graph import body_dependencies
from .kb import BODY_PREFIX, FIRED, KnowledgeBase

Pred = tuple[str, int]
PROVENANCE = ("full", "light", "none")


@dataclass(frozen=True)
class Variant:
    """Which program to ground: a cone (None: every predicate) and how much provenance."""

    cone: frozenset[Pred] | None = None
    provenance: str = "full"
    heads: frozenset[Pred] = frozenset()  # full twins for these head predicates whatever `provenance`


def predicate_graph(kb: KnowledgeBase) -> dict[Pred, set[Pred]]:
    """For every predicate with rules, the predicates its bodies mention (internal ones skipped)."""
    graph: dict[Pred, set[Pred]] = {}
    for stmt, origin in zip(kb.statements, kb.origins, strict=True):
        if origin is None or stmt.ast_type != ast.ASTType.Rule:
            continue
        found: list[tuple[Pred, bool]] = []
        for lit in stmt.body:
            body_dependencies(lit, found)
        graph.setdefault(origin, set()).update(
            p for p, _ in found if not p[0].startswith((BODY_PREFIX, FIRED)))
    return graph


def cone(graph: dict[Pred, set[Pred]], roots: Iterable[Pred]) -> frozenset[Pred]:
    """The roots and every predicate they depend on, transitively."""
    seen: set[Pred] = set()
    todo = list(roots)
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        todo.extend(graph.get(p, ()))
    return frozenset(seen)


def body_signatures(kb: KnowledgeBase) -> set[Pred]:
    """The (name, arity) of every shared-body predicate (shown in a light evaluation)."""
    return {(kb.statements[i].head.atom.symbol.name, len(c.variables)) for i, (_r, c) in kb.twins.items()}


def body_names(kb: KnowledgeBase) -> dict[str, str]:
    """The name of each labelled clause's shared-body predicate -> its rule id."""
    return {kb.statements[i].head.atom.symbol.name: rule_id for i, (rule_id, _c) in kb.twins.items()}


def statements(kb: KnowledgeBase, variant: Variant,
               keep: set[Pred] | None = None) -> list[Any]:
    """The variant's statements whose origin is in `keep` (None: all) and in the cone."""
    out: list[Any] = []
    stmts, origins = kb.statements, kb.origins
    i, n = 0, len(stmts)
    while i < n:
        origin = origins[i]
        wanted = origin is None or ((keep is None or origin in keep) and
                                    (variant.cone is None or origin in variant.cone))
        twin = kb.twins.get(i)
        if twin is None:
            if wanted:
                out.append(stmts[i])
            i += 1
            continue
        rule_id, clause = twin
        if wanted:
            if variant.provenance == "full" or clause.head_predicate in variant.heads:
                out.extend(stmts[i:i + 3])
            elif variant.provenance == "light":
                out += [stmts[i], stmts[i + 1]]
            else:
                out.append(clause.statement)
        i += 3
    return out
